"""Every explorer driven without a browser: set a control, check that the chart, summary and list change."""
from __future__ import annotations

import html
import importlib
import pkgutil

import ipywidgets as widgets
import pytest

import course
import course.data
import course.explorers
from course.data import load_table
from course.explorers import Explorer, names_explorer, sources_explorer, timeline_explorer

EXPLORERS = course.explorers.__all__


def test_timeline_filters_redraw_the_chart_and_the_list():
    explorer = timeline_explorer()
    events = load_table("events")
    total, first, last = len(events), events["date"].dt.year.min(), events["date"].dt.year.max()
    picture = explorer.chart.image.value
    assert explorer.summary_text.startswith(f"{total} of {total} events from {first} to {last}")
    assert explorer.listing.html.count("<tr>") == total + 1

    explorer.controls["years"].value = (2020, 2020)
    in_2020 = events["date"].dt.year.eq(2020).sum()
    assert explorer.chart.image.value != picture
    assert explorer.summary_text.startswith(f"{in_2020} of {total} events from 2020 to 2020")
    assert explorer.listing.html.count("<tr>") == in_2020 + 1


def test_timeline_category_and_actor_filters():
    explorer = timeline_explorer()
    explorer.controls["category"].value = "courts and law"
    chosen = explorer.selection()
    assert len(chosen) > 0 and set(chosen["category"]) == {"courts and law"}
    assert "category 'courts and law'" in explorer.summary_text
    explorer.controls["category"].value = "All categories"
    explorer.controls["actor"].value = "Armenian diaspora"
    assert len(explorer.selection()) > 0
    assert all("Armenian diaspora" in listed for listed in explorer.selection()["actors"])


def test_timeline_empty_filter_explains_itself():
    explorer = timeline_explorer()
    explorer.controls["years"].value = (1989, 1989)
    explorer.controls["category"].value = "diaspora and recognition"
    explorer.controls["actor"].value = "European Union"
    assert explorer.selection().empty
    assert explorer.summary_text.startswith("No events from 1989 to 1989")
    assert explorer.listing.html == ""


def test_timeline_years_outside_the_table_are_clamped_in_the_lessons_words():
    events = load_table("events")
    first, last = events["date"].dt.year.min(), events["date"].dt.year.max()
    explorer = timeline_explorer(first_year=1900, last_year=2100)
    assert explorer.controls["years"].value == (first, last)
    assert f"The events table covers {first}–{last}" in explorer.notice
    swapped = timeline_explorer(first_year=2025, last_year=2020)
    assert swapped.controls["years"].value == (2020, 2025)
    assert "first_year 2025 is after last_year 2020" in swapped.notice
    nonsense = timeline_explorer(first_year="soon", last_year=2020)
    assert nonsense.controls["years"].value == (first, last)
    assert "first_year and last_year must be whole years" in nonsense.notice


def test_recognition_explorer_speaks_of_its_own_table_and_parameters():
    from course.explorers import recognition_explorer

    explorer = recognition_explorer(first_year=1950, last_year=2100)
    assert "The table of recognition acts covers" in explorer.notice
    assert "events table" not in explorer.notice and "start_year" not in explorer.notice


def test_names_explorer_shows_both_names_and_moves_the_star():
    places = load_table("place_names").set_index("place_id")
    explorer = names_explorer()
    located = places[(places["kind"] != "capital city")].dropna(subset=["latitude"]).index
    explorer.controls["place"].value = located[0]
    first_picture = explorer.chart.image.value
    explorer.controls["place"].value = located[1]
    row = places.loc[located[1]]
    assert explorer.chart.image.value != first_picture
    assert html.escape(row["armenian_usage"]) in explorer.above[0].value
    assert "km from Yerevan" in explorer.summary_text and "km from Baku" in explorer.summary_text


def test_names_explorer_terms_have_no_star_and_say_so():
    places = load_table("place_names")
    terms = places[places["latitude"].isna()]
    assert not terms.empty, "the names table should hold terms and events as well as places"
    located = places[places["kind"] == "town"].iloc[0]["place_id"]
    explorer = names_explorer(located)
    with_star = explorer.chart.image.value
    explorer.controls["place"].value = terms.iloc[0]["place_id"]
    assert "so the map marks only the places in the table" in explorer.summary_text
    assert explorer.chart.image.value != with_star


def test_names_explorer_unknown_place_falls_back_with_a_message():
    assert "no place 'atlantis'" in names_explorer("atlantis").notice


def test_sources_explorer_counts_by_kind_and_says_what_each_kind_is_evidence_of():
    sources, kinds = load_table("sources"), load_table("source_kinds").set_index("kind")
    explorer = sources_explorer()
    assert f"draws on {len(sources)} sources" in explorer.summary_text
    before = explorer.chart.image.value
    explorer.controls["kind"].value = "government-aligned outlet"
    n = (sources["kind"] == "government-aligned outlet").sum()
    assert f"Showing the {n} of kind 'government-aligned outlet'" in explorer.summary_text
    assert kinds.loc["government-aligned outlet", "meaning"] in explorer.summary_text
    assert explorer.chart.image.value != before
    assert n > 30 and explorer.listing.html.count("<tr>") == 30 + 1
    assert f"(the first 30 of {n}; choose a kind or use Find to see others)" in explorer.listing.html
    explorer.controls["kind"].value = "court"
    n = (sources["kind"] == "court").sum()
    assert n < 30 and explorer.listing.html.count("<tr>") == n + 1
    assert f"The sources shown</b> ({n}):" in explorer.listing.html


def test_sources_explorer_finds_a_source_by_a_word():
    sources = load_table("sources")
    explorer = sources_explorer()
    explorer.controls["find"].value = "Rumyantsev"
    expected = sources[sources[["source_id", "author", "title", "outlet"]].fillna("").astype(str)
                       .agg(" ".join, axis=1).str.contains("rumyantsev", case=False)]
    assert set(explorer.selection()["source_id"]) == set(expected["source_id"]) and len(expected) >= 1
    assert f"{len(expected)} match 'Rumyantsev'" in explorer.summary_text
    explorer.controls["find"].value = "no such words anywhere"
    assert explorer.selection().empty and explorer.listing.html == ""


def test_every_source_kind_has_a_meaning():
    kinds = set(load_table("source_kinds")["kind"])
    assert set(course.data.field_values("sources", "kind")) == kinds


def test_recognition_explorer_filters_by_level_country_and_years():
    from course.explorers import recognition_explorer

    acts = load_table("recognition_acts")
    explorer = recognition_explorer(first_year=int(acts["date"].dt.year.min()),
                                    last_year=int(acts["date"].dt.year.max()))
    assert explorer.summary_text.startswith(f"{len(acts)} acts from")
    before = explorer.chart.image.value
    explorer.controls["level"].value = "municipal"
    municipal = (acts["level"] == "municipal").sum()
    assert explorer.summary_text.startswith(f"{municipal} acts from")
    assert explorer.chart.image.value != before
    explorer.controls["country"].value = "France"
    chosen = explorer.selection()
    assert set(chosen["country"]) == {"France"} and set(chosen["level"]) == {"municipal"}
    assert explorer.listing.html.count("<tr>") == len(chosen) + 1


def test_recognition_explorer_counts_national_governments_from_the_table():
    from course.explorers import recognition_explorer

    acts = load_table("recognition_acts")
    governments = (acts["level"] == "national government").sum()
    assert f"Acts by national governments in the table: {governments}." in recognition_explorer().summary_text


def test_recognition_explorer_empty_filter():
    from course.explorers import recognition_explorer

    explorer = recognition_explorer()
    explorer.controls["level"].value = "national chamber"
    explorer.controls["country"].value = "Australia"  # the table's national chambers are both French
    assert explorer.selection().empty
    assert explorer.summary_text.startswith("No acts")
    assert explorer.listing.html == ""


def test_diaspora_sorter_counts_and_reveals():
    from course.explorers import diaspora_sorter

    cases = load_table("diaspora_cases")
    sorter = diaspora_sorter()
    assert f"sorted 0 of {len(cases)}" in sorter.summary_text
    assert sorter.below[0].value == ""
    first = cases.iloc[0]
    before = sorter.chart.image.value
    sorter.controls[first["case_id"]].value = first["stance"]
    assert f"sorted 1 of {len(cases)}" in sorter.summary_text
    assert sorter.chart.image.value != before
    sorter.controls["compare"].value = True
    assert f"agreed with the table on 1 of the 1 cases you sorted ({len(cases)} in all)" in sorter.summary_text
    assert first["reasons"][:40] in html.unescape(sorter.below[0].value)


def test_diaspora_sorter_reveal_before_sorting_says_so():
    from course.explorers import diaspora_sorter

    sorter = diaspora_sorter()
    sorter.controls["compare"].value = True
    assert sorter.summary_text.startswith("You have not sorted any of the")
    assert "the table says" in sorter.below[0].value


def test_diaspora_sorting_is_saved_and_comes_back(work_dir):
    from course import Lesson
    from course.explorers import diaspora_sorter
    from course.journal import export_text

    cases = load_table("diaspora_cases")
    first, second = cases.iloc[0], cases.iloc[1]
    assert "02-sort-diaspora-cases" not in Lesson("02").journal.answers
    diaspora_sorter(Lesson("02"))
    assert "02-sort-diaspora-cases" not in Lesson("02").journal.answers, "opening the sorter saves nothing"
    sorter = diaspora_sorter(Lesson("02"))
    sorter.controls[first["case_id"]].value = "mixed"
    sorter.controls[second["case_id"]].value = second["stance"]

    rerun = diaspora_sorter(Lesson("02"))  # the cell run again, or the kernel restarted
    assert rerun.controls[first["case_id"]].value == "mixed"
    assert rerun.controls[second["case_id"]].value == second["stance"]
    assert "sorted 2 of" in rerun.summary_text
    assert f"{first['diaspora']} in {first['host_country']}: mixed" in export_text()


@pytest.mark.parametrize("name", EXPLORERS)
def test_every_explorer_is_an_explorer_and_declares_the_tables_it_reads(name, monkeypatch):
    read = []
    original = course.data.load_table

    def recording(table, *args, **kwargs):
        read.append(table)
        return original(table, *args, **kwargs)

    for module in [course.data] + [importlib.import_module(f"course.explorers.{m.name}")
                                   for m in pkgutil.iter_modules(course.explorers.__path__)] + [course.maps]:
        if hasattr(module, "load_table"):
            monkeypatch.setattr(module, "load_table", recording)
    course.maps._polygons.cache_clear()
    importlib.import_module("course.explorers.kit")._voices.cache_clear()
    explorer = getattr(course.explorers, name)()
    course.maps._polygons.cache_clear()
    assert isinstance(explorer, Explorer) and explorer.name == name
    # Every listing may look up its sources' outlets and kinds: the course's own catalogue, not a lesson's table.
    assert set(read) - {"sources"} == set(explorer.tables) - {"sources"}, \
        f"{name} reads {sorted(set(read))} but declares {explorer.tables}"


@pytest.mark.parametrize("name", EXPLORERS)
def test_every_explorer_reads_without_a_kernel(name):
    explorer = getattr(course.explorers, name)()
    bundle = explorer._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert '<img class="course-chart" src="data:image/png;base64,' in bundle["text/html"]
    assert html.escape(explorer.summary_text) in bundle["text/html"]
    assert explorer.summary_text.split(".")[0] in bundle["text/plain"]
    assert "VBox(" not in bundle["text/plain"] and "VBox(" not in bundle["text/html"]


def test_every_module_of_the_package_displays_nothing_on_import():
    """Imported in a fresh process (reloading here would replace classes that other tests hold)."""
    import subprocess
    import sys

    names = ["course"] + [f"course.{m.name}" for m in pkgutil.walk_packages(course.__path__)]
    names += [f"course.explorers.{m.name}" for m in pkgutil.iter_modules(course.explorers.__path__)]
    assert len(names) >= 15
    code = "import importlib\n" + "".join(f"importlib.import_module({name!r})\n" for name in names)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout == "" and done.stderr == ""


def test_changing_one_explorers_box_leaves_the_others_alone():
    first, second = timeline_explorer(), sources_explorer()
    first.widget.layout.display = "none"
    assert second.widget.layout.display != "none"
    assert first.widget.layout is not second.widget.layout


def test_shared_layouts_refuse_changes_that_would_leak():
    from course.ui import SharedModelError

    first, second = timeline_explorer(), timeline_explorer()
    inner_first, inner_second = first.widget.children[1], second.widget.children[1]
    assert inner_first.layout is inner_second.layout
    with pytest.raises(SharedModelError, match="shared by every widget that looks alike"):
        inner_first.layout.display = "none"
    assert inner_second.layout.display is None
    inner_first.layout = widgets.Layout(display="none")  # giving it its own works
    assert inner_second.layout.display is None


def test_a_listing_with_a_limit_must_say_how_to_see_the_rest():
    from course.explorers.kit import Listing

    with pytest.raises(ValueError, match="needs `narrow`"):
        Listing([("Id", str)], title="Rows", limit=10)
