"""Lesson 04's explorers driven without a browser: the 62/243 vote by group with its map, and the 2020 engagements."""
from __future__ import annotations

import csv

import pytest
from matplotlib.collections import LineCollection, PathCollection, PolyCollection

import course.data
from course.data import load_table
from course.explorers import engagements_explorer, vote_explorer
from course.explorers.vote import GROUPINGS

TOTALS = "All 192 members: 39 yes, 7 no, 100 abstained, 46 absent."


def choose(explorer, label: str) -> None:
    """Pick a group by the start of its label, as a student reads it in the drop-down."""
    explorer.controls["group"].value = next(v for text, v in explorer.controls["group"].options if text.startswith(label))


def test_the_vote_table_is_complete_and_matches_the_record():
    votes = load_table("ga_62_243_votes")
    assert len(votes) == 192 and votes["iso_a3"].is_unique
    assert votes["vote"].value_counts().to_dict() == {"abstained": 100, "absent": 46, "yes": 39, "no": 7}
    assert set(votes.loc[votes["vote"] == "no", "country"]) == {
        "Angola", "Armenia", "France", "India", "Russian Federation", "United States", "Vanuatu"}
    assert votes["nam_member_2008"].sum() == 117 and votes["oic_member_2008"].sum() == 56
    single = votes[votes["check_source_id"].isna()]
    assert set(single["vote"]) == {"abstained", "absent"}, "yes and no votes have a second source"
    assert single["note"].str.contains("one source").all(), "a single-source vote says so in its note"


@pytest.mark.parametrize("grouping, label, expected", [
    (GROUPINGS[0], "NAM members", "NAM members: 117 states; 32 yes, 3 no, 46 abstained, 36 absent (27% voted yes)"),
    (GROUPINGS[0], "Not NAM members", "Not NAM members: 75 states; 7 yes, 4 no, 54 abstained, 10 absent"),
    (GROUPINGS[1], "OIC members", "OIC members: 56 states; 31 yes, 0 no, 9 abstained, 16 absent (55% voted yes)"),
    (GROUPINGS[1], "Not OIC members", "Not OIC members: 136 states; 8 yes, 7 no, 91 abstained, 30 absent"),
    (GROUPINGS[2], "Africa", "Africa: 53 states; 12 yes, 1 no, 17 abstained, 23 absent"),
    (GROUPINGS[2], "Europe", "Europe: 43 states; 3 yes, 2 no, 37 abstained, 1 absent"),
    (GROUPINGS[3], "Elected, NAM members", "Elected, NAM members: 7 states; 2 yes, 0 no, 2 abstained, 3 absent"),
])
def test_vote_explorer_counts_each_group(grouping, label, expected):
    explorer = vote_explorer()
    explorer.controls["grouping"].value = grouping
    choose(explorer, label)
    assert explorer.summary_text.startswith(expected)
    assert explorer.summary_text.endswith(TOTALS)
    size = int(expected.split(": ")[1].split(" ")[0])
    assert len(explorer.selection()) == size
    assert explorer.listing.html.count("<tr>") == size + 1


def test_vote_explorer_groups_add_up_and_a_new_grouping_starts_from_all_states():
    explorer = vote_explorer()
    first = explorer.chart.image.value
    assert explorer.summary_text == ("Grouped by NAM membership (2008). NAM members: 32 of 117 yes; Not NAM members: "
                                     f"7 of 75 yes. {TOTALS}")
    choose(explorer, "Not NAM")
    explorer.controls["grouping"].value = GROUPINGS[2]
    assert explorer.controls["group"].value == -1 and len(explorer.selection()) == 192
    labels = [text for text, _ in explorer.controls["group"].options]
    assert labels == ["All states", "Africa (53)", "Americas (35)", "Asia (47)", "Europe (43)", "Oceania (14)"]
    assert explorer.chart.image.value != first
    assert "Africa: 12 of 53 yes; Americas: 1 of 35 yes; Asia: 22 of 47 yes; Europe: 3 of 43 yes; Oceania: 1 of 14 yes" \
        in explorer.summary_text


def test_vote_explorer_council_grouping_names_the_seven_elected_nam_members():
    explorer = vote_explorer(group_by=GROUPINGS[3])
    choose(explorer, "Elected, NAM members")
    assert set(explorer.selection()["country"]) == {
        "Dominican Republic", "Indonesia", "Niger", "Saint Vincent and the Grenadines", "South Africa", "Tunisia",
        "Viet Nam"}
    assert "Security Council 2020 (elected)" in explorer.listing.html
    assert "too small to see on the map:</b> Saint Vincent and the Grenadines (absent)" in explorer.below[0].value


def test_vote_explorer_says_which_states_have_no_outline():
    votes = load_table("ga_62_243_votes")
    outlined = set(load_table("country_outlines")["iso_a3"])
    missing = votes[~votes["iso_a3"].isin(outlined)]
    assert len(missing) == 28
    note = vote_explorer().below[0].value
    assert "28 states" in note
    for row in missing.itertuples():
        assert f"{row.country} ({row.vote})" in note


def test_vote_map_is_drawn_once_and_a_change_only_recolours(monkeypatch):
    explorer = vote_explorer()
    chart = explorer.chart

    def no_full_redraw(*_args, **_kwargs):
        raise AssertionError("a change of grouping or group must not redraw the map's outlines")

    monkeypatch.setattr(chart.canvas, "draw", no_full_redraw)
    world = chart.figure.axes[1]
    veil = next(a for a in chart.dynamic if isinstance(a, PolyCollection))
    paths, collections = len(veil.get_paths()), list(world.collections)
    before = chart.image.value
    for grouping in GROUPINGS:
        explorer.controls["grouping"].value = grouping
        choose(explorer, [t for t, _ in explorer.controls["group"].options][1])
        assert chart.image.value != before
        before = chart.image.value
    assert len(veil.get_paths()) == paths and list(world.collections) == collections
    choose(explorer, "All states")
    assert not veil.get_visible()


def test_vote_explorer_unknown_grouping_falls_back_with_a_message():
    explorer = vote_explorer(group_by="by colour")
    assert explorer.controls["grouping"].value == GROUPINGS[0]
    assert "no grouping 'by colour'" in explorer.notice


def test_an_unknown_vote_is_counted_as_unknown_not_guessed(data_copy, monkeypatch):
    path = data_copy / "ga_62_243_votes.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    next(r for r in rows if r["country"] == "Fiji")["vote"] = "unknown"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    monkeypatch.setattr(course.data, "DATA_DIR", data_copy)
    course.data.clear_cache()
    try:
        explorer = vote_explorer()
        assert "All 192 members: 39 yes, 7 no, 100 abstained, 45 absent, 1 unknown." in explorer.summary_text
    finally:
        course.data.clear_cache()


def test_engagements_explorer_counts_both_sides():
    explorer = engagements_explorer()
    assert explorer.summary_text == ("32 of 32 engagements shown: 15 served the Azerbaijani side, 17 served the "
                                     "Armenian side; 7 by third parties; 12 rest on a single source. Busiest month: "
                                     "October (16).")
    assert explorer.listing.html.count("<tr>") == 33
    assert explorer.listing.html.count("single source</b>") == 12


def test_engagements_filters_by_side_kind_and_third_parties():
    rows = load_table("engagements_2020")
    explorer = engagements_explorer()
    before = explorer.chart.image.value
    explorer.controls["kind"].value = "aid"
    chosen = explorer.selection()
    assert set(chosen["kind"]) == {"aid"} and set(chosen["state"]) >= {"Lebanon"}
    assert "2 served the Azerbaijani side, 2 served the Armenian side" in explorer.summary_text
    assert explorer.chart.image.value != before
    explorer.controls["kind"].value = "All kinds"
    explorer.controls["side"].value = "Armenian side"
    assert len(explorer.selection()) == (rows["side"] == "Armenian side").sum()
    explorer.controls["side"].value = "Both sides"
    explorer.controls["third"].value = False
    assert not explorer.selection()["actor"].str.contains("(third party)", regex=False).any()
    assert "25 of 32 engagements shown (without third parties): 10 served the Azerbaijani side, 15 served the " \
           "Armenian side" in explorer.summary_text


def test_engagements_month_rows_are_bars_and_third_parties_hollow():
    rows = load_table("engagements_2020").sort_values("date", kind="stable").reset_index(drop=True)
    explorer = engagements_explorer()
    months = next(a for a in explorer.chart.dynamic if isinstance(a, LineCollection))
    assert len(months.get_segments()) == (rows["date_precision"] == "month").sum() == 3
    hollow = sum(int((a.get_facecolors()[:, :3] == 1).all(axis=1).sum())
                 for a in explorer.chart.dynamic if isinstance(a, PathCollection))
    assert hollow == rows["actor"].str.contains("(third party)", regex=False).sum()


def test_engagements_empty_filter_explains_itself():
    explorer = engagements_explorer(kind="op-ed")
    explorer.controls["third"].value = False
    assert explorer.selection().empty
    assert explorer.summary_text.startswith("No engagements match these filters (kind 'op-ed', without third parties)")
    assert explorer.listing.html == ""


def test_engagements_unknown_side_or_kind_falls_back_with_a_message():
    explorer = engagements_explorer(side="neutral", kind="tweet")
    assert "no side 'neutral'" in explorer.notice and "no kind 'tweet'" in explorer.notice
    assert len(explorer.selection()) == 32


def test_a_new_grouping_redraws_once(monkeypatch):
    explorer = vote_explorer()
    choose(explorer, "Not NAM")
    shown = []
    original = explorer.chart.show
    monkeypatch.setattr(explorer.chart, "show", lambda summary: (shown.append(summary), original(summary)))
    explorer.controls["grouping"].value = GROUPINGS[1]
    assert len(shown) == 1 and shown[0].startswith("Grouped by OIC membership (2008).")
    choose(explorer, "OIC members")
    assert len(shown) == 2
