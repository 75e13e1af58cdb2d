"""Lesson 05's explorers driven without a browser: claims and counts, the institutions timeline, the typology sorter."""
from __future__ import annotations

import html

import pytest

from course.data import field_values, load_table
from course.explorers import claims_explorer, institutions_explorer, typology_sorter


# ---------------------------------------------------------------- claims and counts

def test_claims_show_both_communities_on_one_scale_with_the_largest_claim_and_count():
    sizes = load_table("diaspora_sizes")
    explorer = claims_explorer()
    text = explorer.summary_text
    assert text.startswith(f"{len(sizes)} numbers shown.")
    assert "Azerbaijanis: largest claim 50,000,000" in text and "Armenians: largest claim 7,000,000" in text
    assert "largest count abroad 603,070 (Russia, 2010 census)" in text
    assert "largest count abroad 1,182,388 (Russia, 2010 census)" in text
    assert explorer.listing.html.count("<tr>") == len(sizes) + 1


def test_claims_community_toggle_filters_rows_chart_and_summary():
    explorer = claims_explorer()
    before = explorer.chart.image.value
    explorer.controls["community"].value = "Armenians"
    chosen = explorer.selection()
    assert set(chosen["community"]) == {"Armenian"}
    assert explorer.chart.image.value != before
    assert explorer.summary_text.startswith(f"{len(chosen)} numbers shown (Armenians only).")
    assert "Azerbaijanis:" not in explorer.summary_text
    assert explorer.listing.html.count("<tr>") == len(chosen) + 1


def test_claims_show_toggle_keeps_claims_or_counts_only():
    explorer = claims_explorer()
    explorer.controls["show"].value = "Claims only"
    assert set(explorer.selection()["kind"]) == {"official claim", "advocacy claim"}
    assert "no count abroad shown" in explorer.summary_text
    explorer.controls["show"].value = "Counts only"
    assert set(explorer.selection()["kind"]) == {"census", "official statistic"}
    assert "no claim shown" in explorer.summary_text


def test_claims_both_advocacy_claims_are_kept_as_their_own_kind():
    """'advocacy claim' is an allowed kind: one row for each community, the same test for both."""
    assert "advocacy claim" in field_values("diaspora_sizes", "kind")
    advocacy = load_table("diaspora_sizes").query("kind == 'advocacy claim'")
    assert sorted(advocacy["community"]) == ["Armenian", "Azerbaijani"]


def test_claims_place_filter_and_honest_note_from_the_data():
    sizes = load_table("diaspora_sizes").set_index("size_id")
    explorer = claims_explorer()
    explorer.controls["place"].value = "Russia"
    assert set(explorer.selection()["place"]) == {"Russia"}
    caption = html.unescape(explorer.below[0].value)
    # The note under the chart says what the biggest numbers count, in the table's own words.
    assert sizes.loc["az-russia-2017-advocacy-claim", "note"][:60] in caption
    assert sizes.loc["am-russia-2010-census", "note"][:40] in caption
    explorer.controls["place"].value = "Iran"
    assert "no count abroad shown" in explorer.summary_text and "no claim shown" in explorer.summary_text


def test_claims_empty_choice_explains_itself():
    explorer = claims_explorer()
    explorer.controls["place"].value = "Iran"
    explorer.controls["show"].value = "Counts only"
    assert explorer.selection().empty
    assert explorer.summary_text.startswith("No numbers match")
    assert explorer.listing.html == "" and explorer.below[0].value == ""


# ---------------------------------------------------------------- institutions timeline

def test_institutions_start_with_both_states_and_filter_by_state_kind_and_years():
    events = load_table("diaspora_institutions")
    explorer = institutions_explorer()
    both = events[events["state"].isin(["Azerbaijan", "Armenia"])]
    assert explorer.summary_text.startswith(f"{len(both)} steps from")
    assert explorer.listing.html.count("<tr>") == len(both) + 1
    before = explorer.chart.image.value
    explorer.controls["state"].value = "All five states"
    assert len(explorer.selection()) == len(events)
    assert explorer.chart.image.value != before
    explorer.controls["kind"].value = "agency"
    chosen = explorer.selection()
    assert set(chosen["kind"]) == {"agency"} and len(chosen) == (events["kind"] == "agency").sum()
    explorer.controls["years"].value = (2000, 2010)
    assert explorer.selection()["date"].dt.year.between(2000, 2010).all()
    assert "kind 'agency'" in explorer.summary_text


def test_institutions_say_which_steps_rest_on_one_source_and_what_the_counts_show():
    explorer = institutions_explorer()
    explorer.controls["state"].value = "Azerbaijan"
    explorer.controls["kind"].value = "speech"
    assert "1 of them rests on one source only" in explorer.summary_text
    assert "(one source only)" in explorer.listing.html
    counts = load_table("organisation_counts")
    latest = counts[(counts["community"] == "Azerbaijani") & (counts["who_stated"] == "official")]["year"].max()
    assert f"more than 500 in {latest}" in explorer.summary_text
    assert "No worldwide Armenian count is in the table" in explorer.summary_text


def test_institutions_empty_filter_and_years_outside_the_table():
    explorer = institutions_explorer()
    explorer.controls["state"].value = "Mexico"
    explorer.controls["kind"].value = "speech"
    assert explorer.selection().empty and explorer.summary_text.startswith("No steps")
    assert explorer.listing.html == ""
    assert "The table of diaspora institutions covers" in institutions_explorer(first_year=1900).notice


# ---------------------------------------------------------------- typology sorter

def test_typology_sorter_counts_placings_and_reveals_every_defensible_type():
    cases = load_table("diaspora_types").set_index("case_id")
    sorter = typology_sorter()
    assert f"placed 0 of {len(cases)}" in sorter.summary_text and sorter.below[0].value == ""
    before = sorter.chart.image.value
    sorter.controls["armenians"].value = "trade"        # defensible, though not the obvious answer
    sorter.controls["british"].value = "victim"         # not defensible in the table
    assert f"placed 2 of {len(cases)}" in sorter.summary_text
    assert sorter.chart.image.value != before
    sorter.controls["compare"].value = True
    assert "1 of your 2 placings are among the defensible types (circled); 1 is not" in sorter.summary_text
    answers = html.unescape(sorter.below[0].value)
    for case_id in ("armenians", "azerbaijanis"):
        row = cases.loc[case_id]
        assert len(row["defensible_types"]) > 1
        for kind in row["defensible_types"]:  # every defensible type is shown with its reason
            column = {"none fits well": "reason_none_fits"}.get(kind, f"reason_{kind}")
            assert row[column][:40] in answers
    assert "which the table does not defend" in answers


def test_typology_sorter_reveal_before_placing_says_so():
    sorter = typology_sorter()
    sorter.controls["compare"].value = True
    assert sorter.summary_text.startswith("You have not placed any of the")
    assert "defensible types" in sorter.below[0].value


def test_typology_sorter_declares_its_effort():
    cases = load_table("diaspora_types")
    assert typology_sorter().effort_minutes >= 0.5 * len(cases)


def test_typology_placings_are_saved_only_once_made_and_come_back(work_dir):
    from course import Lesson
    from course.journal import export_text

    key = "05-sort-cohen-types"
    typology_sorter(Lesson("05"))
    assert key not in Lesson("05").journal.answers, "opening the sorter saves nothing"
    sorter = typology_sorter(Lesson("05"))
    sorter.controls["azerbaijanis"].value = "none fits well"
    sorter.controls["jews"].value = "victim"
    saved = Lesson("05").journal.answers[key]
    assert saved["kind"] == "sorting" and saved["choices"] == {"azerbaijanis": "none fits well", "jews": "victim"}

    rerun = typology_sorter(Lesson("05"))  # the cell run again, or the kernel restarted
    assert rerun.controls["azerbaijanis"].value == "none fits well"
    assert "placed 2 of" in rerun.summary_text
    assert "none fits well" in export_text()


@pytest.mark.parametrize("make", [claims_explorer, institutions_explorer, typology_sorter])
def test_lesson05_explorers_read_without_a_kernel(make):
    bundle = make()._repr_mimebundle_()
    assert '<img class="course-chart" src="data:image/png;base64,' in bundle["text/html"]
