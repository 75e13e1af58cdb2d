"""Every explorer driven without a browser: set a control, check that the chart, summary and list change."""
from __future__ import annotations

import html

from course.data import load_table
from course.explorers import course_map, names_explorer, sources_explorer, timeline_explorer


def test_timeline_filters_redraw_the_chart_and_the_list():
    explorer = timeline_explorer()
    total = len(load_table("events"))
    picture, summary = explorer.chart.image.value, explorer.chart.summary_text
    assert summary.startswith(f"{total} of {total} events from 1988 to 2026")
    assert explorer.listing.value.count("<tr>") == total + 1

    explorer.controls["years"].value = (2020, 2020)
    in_2020 = load_table("events")["date"].dt.year.eq(2020).sum()
    assert explorer.chart.image.value != picture
    assert explorer.chart.summary_text.startswith(f"{in_2020} of {total} events from 2020 to 2020")
    assert explorer.listing.value.count("<tr>") == in_2020 + 1


def test_timeline_category_and_actor_filters():
    explorer = timeline_explorer()
    explorer.controls["category"].value = "courts and law"
    chosen = explorer.selection()
    assert len(chosen) > 0 and set(chosen["category"]) == {"courts and law"}
    assert "category 'courts and law'" in explorer.chart.summary_text
    explorer.controls["category"].value = "All categories"
    explorer.controls["actor"].value = "Armenian diaspora"
    assert all("Armenian diaspora" in listed for listed in explorer.selection()["actors"])


def test_timeline_empty_filter_explains_itself():
    explorer = timeline_explorer()
    explorer.controls["years"].value = (1989, 1989)
    explorer.controls["category"].value = "courts and law"
    assert explorer.selection().empty
    assert explorer.chart.summary_text.startswith("No events from 1989 to 1989")
    assert explorer.listing.value == ""


def test_timeline_years_outside_the_table_are_clamped_with_a_message():
    explorer = timeline_explorer(start_year=1900, end_year=2100)
    assert explorer.controls["years"].value == (1988, 2026)
    assert "covers 1988–2026" in explorer.children[0].value
    swapped = timeline_explorer(start_year=2025, end_year=2020)
    assert swapped.controls["years"].value == (2020, 2025)
    nonsense = timeline_explorer(start_year="soon", end_year=2020)
    assert nonsense.controls["years"].value == (1988, 2026)


def test_names_explorer_shows_both_names_and_moves_the_star():
    places = load_table("place_names").set_index("place_id")
    explorer = names_explorer()
    located = places.dropna(subset=["latitude"]).index
    explorer.controls["place"].value = located[0]
    first_picture = explorer.chart.image.value
    explorer.controls["place"].value = located[1]
    row = places.loc[located[1]]
    assert explorer.chart.image.value != first_picture
    assert row["armenian_usage"].split(";")[0].split("(")[0].strip()[:10] in explorer.card.value
    assert "km from Yerevan" in explorer.chart.summary_text


def test_names_explorer_terms_have_no_star_and_say_so():
    places = load_table("place_names")
    terms = places[places["latitude"].isna()]
    assert not terms.empty, "the names table should hold terms and events as well as places"
    located = places.dropna(subset=["latitude"]).iloc[0]["place_id"]
    explorer = names_explorer(located)
    with_star = explorer.chart.image.value
    explorer.controls["place"].value = terms.iloc[0]["place_id"]
    assert "so the map marks only the places in the table" in explorer.chart.summary_text
    assert explorer.chart.image.value != with_star


def test_names_explorer_unknown_place_falls_back_with_a_message():
    explorer = names_explorer("atlantis")
    assert "no place 'atlantis'" in explorer.children[0].value


def test_sources_explorer_counts_by_kind():
    sources = load_table("sources")
    explorer = sources_explorer()
    assert f"draws on {len(sources)} sources" in explorer.chart.summary_text
    before = explorer.chart.image.value
    explorer.controls["kind"].value = "government-aligned outlet"
    n = (sources["kind"] == "government-aligned outlet").sum()
    assert f"Showing the {n} of kind 'government-aligned outlet'" in explorer.chart.summary_text
    assert explorer.chart.image.value != before
    assert explorer.listing.value.count("<tr>") == n + 1


def test_course_map_lists_every_lesson():
    lessons = load_table("lessons")
    table = course_map().value
    for row in lessons.itertuples():
        assert row.title in table and row.notebook in table


def test_importing_the_package_displays_nothing(capsys):
    import importlib

    import course
    importlib.reload(course)
    assert capsys.readouterr().out == ""


def test_recognition_explorer_filters_by_level_country_and_years():
    from course.explorers import recognition_explorer

    acts = load_table("recognition_acts")
    explorer = recognition_explorer(first_year=int(acts["date"].dt.year.min()), last_year=int(acts["date"].dt.year.max()))
    assert explorer.chart.summary_text.startswith(f"{len(acts)} acts from")
    assert "no UN member state did, not even Armenia" in explorer.chart.summary_text
    before = explorer.chart.image.value
    explorer.controls["level"].value = "municipal"
    municipal = (acts["level"] == "municipal").sum()
    assert explorer.chart.summary_text.startswith(f"{municipal} acts from")
    assert explorer.chart.image.value != before
    explorer.controls["country"].value = "France"
    chosen = explorer.selection()
    assert set(chosen["country"]) == {"France"} and set(chosen["level"]) == {"municipal"}
    assert explorer.listing.value.count("<tr>") == len(chosen) + 1


def test_recognition_explorer_counts_state_recognitions_from_the_table():
    from course.explorers import recognition_explorer

    acts = load_table("recognition_acts")
    states = ((acts["level"] == "national government") & (acts["kind"] == "recognition")).sum()
    assert f"recognised the Nagorno-Karabakh Republic: {states}" in recognition_explorer().chart.summary_text


def test_recognition_explorer_empty_and_out_of_range():
    from course.explorers import recognition_explorer

    explorer = recognition_explorer(first_year=1950, last_year=2100)
    assert "left out" in explorer.children[0].value
    explorer.controls["level"].value = "national chamber"
    explorer.controls["country"].value = "Australia"  # the table's national chambers are both French
    assert explorer.selection().empty
    assert explorer.chart.summary_text.startswith("No acts")
    assert "no UN member state did" in explorer.chart.summary_text
    assert explorer.listing.value == ""


def test_diaspora_sorter_counts_and_reveals():
    from course.explorers import diaspora_sorter

    cases = load_table("diaspora_cases")
    sorter = diaspora_sorter()
    assert f"sorted 0 of {len(cases)}" in sorter.chart.summary_text
    assert sorter.answers.value == ""
    first = cases.iloc[0]
    before = sorter.chart.image.value
    sorter.controls[first["case_id"]].value = first["stance"]
    assert f"sorted 1 of {len(cases)}" in sorter.chart.summary_text
    assert sorter.chart.image.value != before
    sorter.reveal.click()
    assert f"agreed with the table on 1 of the 1 cases you sorted ({len(cases)} in all)" in sorter.chart.summary_text
    assert first["reasons"][:40] in html.unescape(sorter.answers.value)


def test_diaspora_sorter_reveal_before_sorting_says_so():
    from course.explorers import diaspora_sorter

    sorter = diaspora_sorter()
    sorter.reveal.click()
    assert sorter.chart.summary_text.startswith("You have not sorted any of the")
    assert "the table says" in sorter.answers.value


def test_diaspora_sorting_is_saved_and_comes_back(work_dir):
    from course import Lesson
    from course.explorers import diaspora_sorter
    from course.journal import export_markdown

    cases = load_table("diaspora_cases")
    first, second = cases.iloc[0], cases.iloc[1]
    sorter = diaspora_sorter(Lesson("02"))
    sorter.controls[first["case_id"]].value = "mixed"
    sorter.controls[second["case_id"]].value = second["stance"]

    rerun = diaspora_sorter(Lesson("02"))  # the cell run again, or the kernel restarted
    assert rerun.controls[first["case_id"]].value == "mixed"
    assert rerun.controls[second["case_id"]].value == second["stance"]
    assert "sorted 2 of" in rerun.chart.summary_text
    exported = export_markdown()
    assert f"{first['diaspora']} in {first['host_country']}: mixed" in exported
