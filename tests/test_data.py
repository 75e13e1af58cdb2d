"""Every table validates, and a broken table fails with a message naming the file, the line and the field."""
from __future__ import annotations

import csv
import json

import pandas as pd
import pytest

from course.data import DataError, load_table, table_names, validate_all
from tests.conftest import DATA


def rewrite(folder, table, edit):
    """Apply `edit(rows)` to a CSV's rows (header first) and write it back."""
    path = folder / f"{table}.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    edit(rows)
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)


def test_every_table_validates():
    counts = validate_all()
    assert set(counts) == set(table_names())
    assert all(n > 0 for n in counts.values()), counts


def test_events_cover_1988_to_2026_with_at_least_40_events():
    events = load_table("events")
    assert len(events) >= 40
    assert events["date"].dt.year.min() == 1988
    assert events["date"].dt.year.max() == 2026
    assert (events["source_id"] != events["check_source_id"]).all(), "the check source must be a second source"
    # The story does not stop in 2021: the 2023 events and the 2025 peace process are in the table.
    for year in (2020, 2023, 2025):
        assert (events["date"].dt.year == year).sum() >= 2, year


def test_month_precision_dates_are_on_the_first_day():
    events = load_table("events")
    rough = events[events["date_precision"] != "day"]
    assert (rough["date"].dt.day == 1).all()


def test_the_four_course_documents_are_sources_with_their_kinds():
    sources = load_table("sources").set_index("source_id")
    expected = {"diaspora-essay-2020": "academic", "global-south-2021": "academic",
                "modernaz-2026": "government-aligned outlet", "rumyantsev-2017": "journalism"}
    for source_id, kind in expected.items():
        assert sources.loc[source_id, "kind"] == kind
    assert "uncertain" in sources.loc["modernaz-2026", "date_note"].lower() or \
        "likely" in sources.loc["modernaz-2026", "date_note"].lower()


def test_place_names_give_both_sides_and_the_course_choice():
    places = load_table("place_names").set_index("place_id")
    assert len(places) >= 12
    assert places["armenian_usage"].notna().all() and places["azerbaijani_usage"].notna().all()
    usages = " ".join(places["armenian_usage"]) + " " + " ".join(places["azerbaijani_usage"])
    for name in ("Artsakh", "Stepanakert", "Khankendi", "Shusha", "Shushi", "Lachin", "Berdzor"):
        assert name in usages, name


def test_resource_level_sources_exist():
    known = set(load_table("sources")["source_id"])
    package = json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))
    for resource in package["resources"]:
        for source in resource.get("sources", []):
            assert source["source_id"] in known, (resource["name"], source)


def test_loaded_tables_are_copies():
    first = load_table("events")
    first.loc[0, "title"] = "changed"
    assert load_table("events").loc[0, "title"] != "changed"


def test_unknown_table_lists_the_tables():
    with pytest.raises(DataError, match="There is no table called 'event'.*events"):
        load_table("event")


@pytest.mark.parametrize("edit, expected", [
    (lambda rows: rows[1].__setitem__(1, "1988-02-30"), r"events\.csv, line 2: field 'date' is '1988-02-30', but it must be a date"),
    (lambda rows: rows[1].__setitem__(1, "20/02/1988"), r"events\.csv, line 2: field 'date'.*YYYY-MM-DD"),
    (lambda rows: rows[2].__setitem__(3, ""), r"events\.csv, line 3: field 'title' is empty, but it is required"),
    (lambda rows: rows[1].__setitem__(5, "war"), r"events\.csv, line 2: field 'category' is 'war'; allowed values are"),
    (lambda rows: rows[1].__setitem__(6, "Armenia;Atlantis"), r"field 'actors' is 'Atlantis'; allowed values"),
    (lambda rows: rows[2].__setitem__(0, rows[1][0]), r"events\.csv, line 3: event_id .* is already used on line 2"),
    (lambda rows: rows[1].__setitem__(7, "no-such-source"), r"events\.csv, line 2: source_id 'no-such-source' is not in sources\.csv"),
    (lambda rows: rows[0].__setitem__(1, "when"), r"events\.csv: the header row is"),
    (lambda rows: rows[1].append("extra"), r"events\.csv, line 2: 11 cells, but the table has 10 columns"),
])
def test_broken_events_name_file_line_and_field(data_copy, edit, expected):
    rewrite(data_copy, "events", edit)
    with pytest.raises(DataError, match=expected):
        load_table("events", data_dir=data_copy)


def test_broken_numbers_and_ranges(data_copy):
    rewrite(data_copy, "place_names", lambda rows: rows[1].__setitem__(6, "north"))
    with pytest.raises(DataError, match=r"place_names\.csv, line 2: field 'latitude' is 'north', but it must be a number"):
        load_table("place_names", data_dir=data_copy)


def test_missing_file_and_bad_json(data_copy):
    (data_copy / "lessons.csv").unlink()
    with pytest.raises(DataError, match="lessons.csv is missing"):
        load_table("lessons", data_dir=data_copy)
    (data_copy / "datapackage.json").write_text("{ not json", encoding="utf-8")
    from course.data import clear_cache
    clear_cache()
    with pytest.raises(DataError, match="datapackage.json is not valid JSON"):
        load_table("events", data_dir=data_copy)
    clear_cache()


def test_dates_load_as_timestamps():
    assert pd.api.types.is_datetime64_any_dtype(load_table("events")["date"])


def test_ids_cited_inside_table_text_are_sources():
    from course.lesson import CITATION

    known = set(load_table("sources")["source_id"])
    for name in table_names():
        frame = load_table(name)
        for column in frame.columns:
            for text in frame[column].dropna():
                if isinstance(text, str):
                    assert set(CITATION.findall(text)) <= known, (name, column, text[:80])


def test_a_large_table_with_a_missing_cell_is_refused_with_its_line(data_copy):
    """Every table, however large, is read the same way: a short row is an error wherever it is."""
    assert (data_copy / "country_outlines.csv").stat().st_size > 100_000
    rewrite(data_copy, "country_outlines", lambda rows: rows[500].pop())
    with pytest.raises(DataError, match=r"country_outlines\.csv, line 501: 4 cells, but the table has 5 columns"):
        load_table("country_outlines", data_dir=data_copy)


def test_line_numbers_count_blank_lines_in_a_large_table(data_copy):
    path = data_copy / "country_outlines.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines.insert(3, "")
    lines[600] = lines[600].replace(",", ";", 1)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"country_outlines\.csv, line 601: "):
        load_table("country_outlines", data_dir=data_copy)


def test_line_numbers_count_blank_lines_in_a_small_table(data_copy):
    path = data_copy / "events.csv"
    text = path.read_text(encoding="utf-8")
    header, rest = text.split("\n", 1)
    path.write_text(header + "\n\n" + rest.replace(",day,", ",someday,", 1), encoding="utf-8")
    with pytest.raises(DataError, match=r"events\.csv, line 3: field 'date_precision' is 'someday'"):
        load_table("events", data_dir=data_copy)
