"""Curated tables: load a CSV from data/ by name, validated against data/datapackage.json.

Every rule a maintainer needs is in docs/maintainers.md. Validation errors name the file, the CSV line and the
field, so that a person who edited a table can find the mistake without reading this code.
"""
from __future__ import annotations

import csv
import datetime as dt
import functools
import json
import os
import re
from pathlib import Path

import pandas as pd

DATA_DIR = Path(os.environ.get("COURSE_DATA_DIR", Path(__file__).resolve().parent.parent / "data"))


class DataError(ValueError):
    """A table or the data package is broken; the message says where and what is allowed."""


@functools.lru_cache(maxsize=None)
def _package(data_dir: Path = DATA_DIR) -> dict:
    path = data_dir / "datapackage.json"
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DataError(f"{path} is missing: it describes every table in {data_dir}.") from None
    except json.JSONDecodeError as err:
        raise DataError(f"{path} is not valid JSON (line {err.lineno}, column {err.colno}): {err.msg}.") from None


def table_names(data_dir: Path = DATA_DIR) -> list[str]:
    """The names of the tables described in data/datapackage.json, in the order listed there."""
    return [res["name"] for res in _package(data_dir)["resources"] if res.get("path", "").endswith(".csv")]


def field_values(table: str, field: str, data_dir: Path | None = None) -> list[str]:
    """The allowed values of a field (its `enum` in datapackage.json), in the order listed there."""
    res = _resource(table, Path(data_dir) if data_dir else DATA_DIR)
    for f in res["schema"]["fields"]:
        if f["name"] == field:
            if "enum" not in f.get("constraints", {}):
                raise DataError(f"Field {field!r} of table {table!r} has no list of allowed values (enum).")
            return list(f["constraints"]["enum"])
    raise DataError(f"Table {table!r} has no field {field!r}.")


def resource(name: str, data_dir: Path | None = None) -> dict:
    """The description of table `name` in datapackage.json (schema, sources, description)."""
    return _resource(name, Path(data_dir) if data_dir else DATA_DIR)


def _resource(name: str, data_dir: Path) -> dict:
    for res in _package(data_dir)["resources"]:
        if res["name"] == name:
            return res
    raise DataError(f"There is no table called {name!r}. The tables are: {', '.join(table_names(data_dir))}.")


def _check_value(raw: str, field: dict, where: str) -> object:
    """Convert one CSV cell to its field's type and check its constraints; return the typed value or None."""
    constraints = field.get("constraints", {})
    name = field["name"]
    if raw == "":
        if constraints.get("required"):
            raise DataError(f"{where}: field {name!r} is empty, but it is required.")
        return None
    kind = field.get("type", "string")
    items = raw.split(field["separator"]) if "separator" in field else [raw]
    typed_items = []
    for item in items:
        try:
            if kind == "integer":
                value = int(item)
            elif kind == "number":
                value = float(item)
            elif kind == "boolean":
                if item not in ("true", "false"):
                    raise ValueError
                value = item == "true"
            elif kind == "date":
                value = dt.date.fromisoformat(item)
                if len(item) != 10:
                    raise ValueError
            else:
                value = item
        except ValueError:
            allowed = {"integer": "a whole number", "number": "a number", "boolean": "true or false",
                       "date": "a date written YYYY-MM-DD"}[kind]
            raise DataError(f"{where}: field {name!r} is {item!r}, but it must be {allowed}.") from None
        if "enum" in constraints and value not in constraints["enum"]:
            raise DataError(f"{where}: field {name!r} is {item!r}; allowed values are: "
                            f"{'; '.join(map(str, constraints['enum']))}.")
        if "pattern" in constraints and not re.fullmatch(constraints["pattern"], item):
            raise DataError(f"{where}: field {name!r} is {item!r}, which does not match the pattern "
                            f"{constraints['pattern']} ({field.get('description', 'see datapackage.json')}).")
        if "minimum" in constraints and value < constraints["minimum"]:
            raise DataError(f"{where}: field {name!r} is {item!r}, below the minimum {constraints['minimum']}.")
        if "maximum" in constraints and value > constraints["maximum"]:
            raise DataError(f"{where}: field {name!r} is {item!r}, above the maximum {constraints['maximum']}.")
        if "maxLength" in constraints and len(item) > constraints["maxLength"]:
            raise DataError(f"{where}: field {name!r} is {len(item)} characters long; "
                            f"at most {constraints['maxLength']} are allowed.")
        typed_items.append(value)
    return typed_items if "separator" in field else typed_items[0]


def _header_error(path: Path, header, expected: list[str]) -> DataError:
    return DataError(f"{path.name}: the header row is {header}, but datapackage.json expects these columns in this "
                     f"order: {expected}.")


def _read_cells(path: Path, expected: list[str]) -> tuple[dict[str, list[str]], list[int]]:
    """The cells of a CSV as stripped strings by column, with each row's line number in the file.

    The one reading path for every table, large or small, so that a broken row is caught, and its line named,
    the same way everywhere. Line numbers count physical lines, so a quoted cell that spans lines and blank lines
    are both accounted for.
    """
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader, None)
        if header != expected:
            raise _header_error(path, header, expected)
        records, lines = [], []
        line_no = reader.line_num + 1
        for cells in reader:
            if any(cells):
                if len(cells) != len(expected):
                    raise DataError(f"{path.name}, line {line_no}: {len(cells)} cells, but the table has "
                                    f"{len(expected)} columns (is a comma inside a value not quoted?).")
                records.append([cell.strip() for cell in cells])
                lines.append(line_no)
            line_no = reader.line_num + 1
    return {name: [cells[i] for cells in records] for i, name in enumerate(expected)}, lines


def _read_rows(name: str, data_dir: Path) -> tuple[dict, dict[str, list], list[int]]:
    """Read and validate a table (without foreign keys); return its resource, typed columns and CSV line numbers."""
    res = _resource(name, data_dir)
    path = data_dir / res["path"]
    fields = res["schema"]["fields"]
    expected = [f["name"] for f in fields]
    try:
        raw, lines = _read_cells(path, expected)
    except FileNotFoundError:
        raise DataError(f"{path} is missing, but datapackage.json lists it as table {name!r}.") from None
    except UnicodeDecodeError:
        raise DataError(f"{path.name} is not saved as UTF-8 text; save it again as 'CSV UTF-8'.") from None
    columns = _typed_columns(path.name, fields, raw, lines)
    key = res["schema"].get("primaryKey")
    if key:
        seen = {}
        for value, line_no in zip(columns[key], lines):
            if value in seen:
                raise DataError(f"{path.name}, line {line_no}: {key} {value!r} is already used on line "
                                f"{seen[value]}; every {key} must be unique.")
            seen[value] = line_no
    return res, columns, lines


BULK_ROWS = 2000  # below this, checking cell by cell is quicker than building pandas columns


def _column_is_clean(values: list[str], field: dict) -> bool:
    """A quick whole-column check; False sends the column through the cell-by-cell check that names the error."""
    constraints = field.get("constraints", {})
    kind = field.get("type", "string")
    if "separator" in field or kind in ("date", "boolean"):
        return False
    column = pd.Series(values, dtype=object)
    present = column[column != ""]
    if constraints.get("required") and len(present) != len(column):
        return False
    if kind in ("integer", "number"):
        numbers = pd.to_numeric(present, errors="coerce")
        if numbers.isna().any() or (kind == "integer" and not present.str.fullmatch(r"[+-]?\d+").all()):
            return False
        if "minimum" in constraints and (numbers < constraints["minimum"]).any():
            return False
        if "maximum" in constraints and (numbers > constraints["maximum"]).any():
            return False
    if "enum" in constraints and not present.isin([str(v) for v in constraints["enum"]]).all():
        return False
    if "pattern" in constraints and not present.str.fullmatch(constraints["pattern"]).all():
        return False
    if "maxLength" in constraints and (present.str.len() > constraints["maxLength"]).any():
        return False
    return True


def _typed_columns(file_name: str, fields: list[dict], raw: dict[str, list[str]], lines: list[int]) -> dict[str, list]:
    """Type and check every cell. Large columns that pass a quick whole-column check are converted in bulk; any
    other column is checked cell by cell, so a mistake is reported with its file, line and field."""
    columns = {}
    for field in fields:
        values = raw[field["name"]]
        if len(values) > BULK_ROWS and _column_is_clean(values, field):
            kind = field.get("type", "string")
            convert = {"integer": int, "number": float}.get(kind, str)
            typed = [convert(v) if v != "" else None for v in values]
        else:
            typed = [_check_value(v, field, f"{file_name}, line {line_no}") for v, line_no in zip(values, lines)]
        columns[field["name"]] = typed
    return columns


@functools.lru_cache(maxsize=None)
def _validated(name: str, data_dir: Path) -> pd.DataFrame:
    res, columns, lines = _read_rows(name, data_dir)
    for fk in res["schema"].get("foreignKeys", []):
        target = fk["reference"]["resource"]
        known = set(_validated(target, data_dir)[fk["reference"]["fields"]])
        for value, line_no in zip(columns[fk["fields"]], lines):
            if value is not None and value not in known:
                raise DataError(f"{res['path']}, line {line_no}: {fk['fields']} {value!r} is not in "
                                f"{target}.csv; add the source there first (see docs/maintainers.md).")
    frame = pd.DataFrame(columns)
    for f in res["schema"]["fields"]:
        if f.get("type") == "date" and "separator" not in f:
            frame[f["name"]] = pd.to_datetime(frame[f["name"]])
    return frame


def load_table(name: str, data_dir: Path | None = None) -> pd.DataFrame:
    """Return the table called `name` (e.g. "events") as a pandas DataFrame, after validating it.

    The result is a copy: changing it does not change what other explorers see.
    """
    if not isinstance(name, str):
        raise DataError(f"A table name must be text such as 'events', not {type(name).__name__}.")
    return _validated(name, Path(data_dir) if data_dir else DATA_DIR).copy()


def validate_all(data_dir: Path | None = None) -> dict[str, int]:
    """Validate every table; return the number of rows in each."""
    folder = Path(data_dir) if data_dir else DATA_DIR
    return {name: len(_validated(name, folder)) for name in table_names(folder)}


def clear_cache() -> None:
    """Forget loaded tables (after editing a CSV in a running kernel)."""
    _package.cache_clear()
    _validated.cache_clear()
