"""Lesson 03's explorers driven without a browser: the criteria lab (conditions ticked, cases that qualify, the
student's choice saved and restored) and the resolutions explorer (a text chosen, its card, its vote)."""
from __future__ import annotations

import html

from course.data import load_table
from course.explorers import criteria_lab, resolutions_explorer
from course.explorers.criteria_lab import CONDITIONS, CONTESTED, MET, NO_DATA, NOT_MET, cell_state


def tick(lab, *keys, contested="not met"):
    for key, *_ in CONDITIONS:
        lab.controls[key].value = key in keys
    lab.controls["contested"].value = contested


def test_every_coded_cell_of_the_cases_table_reads_as_one_of_four_states():
    cases = load_table("secession_cases")
    for case in cases.itertuples():
        for key, _, _, column in CONDITIONS:
            assert cell_state(key, getattr(case, column)) in (MET, NOT_MET, CONTESTED, NO_DATA)
    assert cell_state("referendum", "yes (majority for, disputed): x") == CONTESTED
    assert cell_state("referendum", "yes (majority against): x") == NOT_MET
    assert cell_state("referendum", "no: x") == NOT_MET
    assert cell_state("abuses", "contested: x") == CONTESTED
    assert cell_state("negotiations", None) == NO_DATA


def test_criteria_lab_starts_with_nothing_required_and_says_so():
    lab = criteria_lab()
    assert lab.summary_text.startswith("No condition ticked yet")
    assert "(tick a condition)" in lab.listing.html
    assert "Not a legal finding" in lab.below[0].value


def test_criteria_lab_contested_cells_decide_the_result():
    lab = criteria_lab()
    before = lab.chart.image.value
    tick(lab, "abuses", "negotiations")
    assert lab.chart.image.value != before
    assert "2 conditions required (grave abuses documented + negotiations exhausted)" in lab.summary_text
    assert lab.summary_text.endswith("counted as not met, 0 of 12 cases qualify: none.")
    shown = lab.chart.image.value
    lab.controls["contested"].value = "met"
    assert lab.chart.image.value != shown
    assert lab.summary_text.endswith("counted as met, 4 of 12 cases qualify: Bangladesh, Nagorno-Karabakh, Kosovo, "
                                     "Kurdistan Region of Iraq.")
    assert lab.listing.html.count("✓ qualifies") == 4 and lab.listing.html.count("does not qualify") == 8
    tick(lab, "abuses", "negotiations", "referendum", contested="met")
    assert lab.summary_text.endswith("2 of 12 cases qualify: Nagorno-Karabakh, Kurdistan Region of Iraq.")
    lab.controls["contested"].value = "not met"
    assert lab.summary_text.endswith("0 of 12 cases qualify: none.")


def test_criteria_lab_consent_picks_the_cases_the_table_codes_as_consented():
    cases = load_table("secession_cases").sort_values(["year", "name"], kind="stable")
    consented = list(cases.loc[cases["parent_consent"] == "yes", "name"])
    lab = criteria_lab()
    for contested in ("not met", "met"):
        tick(lab, "consent", contested=contested)
        assert lab.summary_text.endswith(f"{len(consented)} of 12 cases qualify: {', '.join(consented)}.")
    assert set(consented) == {"Eritrea", "East Timor / Timor-Leste", "South Sudan"}
    tick(lab, "negotiations")
    assert not set(consented) & set(lab.summary_text.split(": ", 1)[1].rstrip(".").split(", "))


def test_criteria_lab_with_every_condition_qualifies_no_case():
    lab = criteria_lab()
    tick(lab, *(key for key, *_ in CONDITIONS), contested="met")
    assert "4 conditions required" in lab.summary_text and "0 of 12 cases qualify: none." in lab.summary_text


def test_criteria_lab_static_page_states_the_settings_in_words():
    lab = criteria_lab()
    tick(lab, "abuses", "referendum", contested="met")
    page = lab._repr_mimebundle_()["text/html"]
    assert ("conditions required: grave abuses documented + a referendum with a majority for independence; "
            "'contested' cells counted as met") in html.unescape(page)
    assert "False" not in page and "True" not in page, "tick boxes are not shown as True/False"
    assert html.escape(lab.summary_text) in page and "Not a legal finding" in page


def test_criteria_lab_lists_every_case_with_its_coding_and_note():
    cases = load_table("secession_cases")
    lab = criteria_lab()
    page = html.unescape(lab.listing.html)
    assert lab.listing.html.count("<tr>") == len(cases) + 1
    for case in cases.itertuples():
        assert case.name in page and case.outcome in page
    assert "not in the table (see the note)" in page


def test_the_criteria_chosen_are_saved_only_after_a_change_and_come_back(work_dir):
    from course import Lesson
    from course.journal import export_text

    key = "03-criteria-lab"
    criteria_lab(Lesson("03"))
    assert key not in Lesson("03").journal.answers, "opening the lab saves nothing"
    lab = criteria_lab(Lesson("03"))
    lab.controls["abuses"].value = True
    lab.controls["contested"].value = "met"
    saved = Lesson("03").journal.answers[key]
    assert saved["kind"] == "sorting" and saved["choices"]["abuses"] == "required"
    assert saved["choices"]["negotiations"] == "not required" and saved["choices"]["contested"] == "met"
    assert saved["text"] == lab.summary_text

    rerun = criteria_lab(Lesson("03"))  # the cell run again, or the kernel restarted
    assert rerun.controls["abuses"].value is True and rerun.controls["negotiations"].value is False
    assert rerun.controls["contested"].value == "met"
    assert rerun.summary_text == lab.summary_text
    assert "grave abuses documented" in export_text()


def test_resolutions_explorer_shows_the_chosen_text_its_vote_and_who_cites_it():
    docs = load_table("un_documents").set_index("doc_id")
    explorer = resolutions_explorer()
    assert explorer.summary_text.startswith("S/RES/822(1993): UN Security Council, 30 Apr 1993. Vote: 15–0–0")
    card = html.unescape(explorer.below[0].value)
    for column in ("what_it_says", "forces_named", "how_cited"):
        assert docs.loc["sc-822", column] in card
    before = explorer.chart.image.value
    explorer.controls["document"].value = "ga-62-243"
    assert explorer.chart.image.value != before
    assert "Vote: 39–7–100 (27% of the votes counted in favour)" in explorer.summary_text
    assert "Cited by: Azerbaijani side" in explorer.summary_text
    assert docs.loc["ga-62-243", "how_cited"] in html.unescape(explorer.below[0].value)
    assert explorer.listing.html.count("<tr>") == len(docs) + 1


def test_resolutions_explorer_texts_without_a_count_say_so():
    explorer = resolutions_explorer("prague-2022")
    assert "Vote: joint statement (no vote)." in explorer.summary_text
    assert "% of the votes" not in explorer.summary_text
    explorer.controls["document"].value = "ga-2625"
    assert "Vote: not found in the sources used." in explorer.summary_text


def test_resolutions_explorer_every_text_can_be_chosen():
    docs = load_table("un_documents")
    explorer = resolutions_explorer()
    assert not explorer.notice
    pictures = set()
    for doc in docs.itertuples():
        explorer.controls["document"].value = doc.doc_id
        assert explorer.summary_text.startswith(f"{doc.symbol}: {doc.body},")
        assert f"of {len(docs)} in date order" in explorer.summary_text
        assert doc.what_it_says in html.unescape(explorer.below[0].value)
        pictures.add(explorer.chart.image.value)
    assert len(pictures) == len(docs), "every text is highlighted in its own place"


def test_resolutions_explorer_unknown_text_falls_back_with_a_message():
    explorer = resolutions_explorer("sc-9999")
    assert explorer.controls["document"].value == "sc-822"
    assert "no text 'sc-9999'" in explorer.notice
