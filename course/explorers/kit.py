"""The explorer kit: what every explorer is made of, written once.

An explorer is a function that returns an `Explorer`: controls a student changes, a chart that redraws (a
`ChartPanel`), a one-line summary under it, optionally a listing of the rows shown with their sources, and the
tables it reads. The explorer function supplies only its own logic: what to draw and what to say. The kit wires the
controls to the redraw, lays the parts out, and gives the whole a static form for pages read without a kernel.

    years = YearRange(events["date"].dt.year, first_year, last_year, what="The events table")
    kind = ChoiceFilter("Kind", events["kind"], kinds, all_label="All kinds")
    def redraw(view):            # view.keep (a boolean mask), view.rows (the rows kept), view.scope (in words)
        ...update the chart's artists...
        return f"{len(view.rows)} events {view.scope}."
    return Explorer("timeline_explorer", ["events"], {"years": years, "kind": kind}, chart, redraw,
                    rows=events, listing=Listing([...]))

Every word a student reads comes from the explorer that calls the kit (labels, the "all" option, the notes about
years), never from another lesson's explorer.
"""
from __future__ import annotations

import functools
import html
from dataclasses import dataclass
from typing import Callable

import ipywidgets as widgets
import numpy as np
import pandas as pd

from .. import ui
from ..data import load_table
from ..display import Shown, escape
from ..style import COURSE_CSS, ChartPanel, message_html


@dataclass
class View:
    """What a redraw gets: the mask of rows kept by the filters, those rows, and the filters in words."""
    keep: np.ndarray | None
    rows: pd.DataFrame | None
    scope: str


class YearRange:
    """A slider over the years a table covers. Years outside the table, or given the wrong way round, are brought
    into range with a note in the caller's words (`what` names the table, `names` the lesson's parameters)."""

    def __init__(self, years, first_year, last_year, *, what: str, names=("first_year", "last_year"),
                 description: str = "Years"):
        self.years = np.asarray(years, dtype=int)
        self.first, self.last = int(self.years.min()), int(self.years.max())
        self.notes: list[str] = []
        try:
            start, end = int(first_year), int(last_year)
        except (TypeError, ValueError):
            start, end = self.first, self.last
            self.notes.append(f"{names[0]} and {names[1]} must be whole years such as {self.first} and {self.last}; "
                              f"showing {self.first}–{self.last}.")
        if start > end:
            self.notes.append(f"{names[0]} {start} is after {names[1]} {end}; the two were swapped.")
            start, end = end, start
        if start < self.first or end > self.last:
            self.notes.append(f"{what} covers {self.first}–{self.last}; years outside it were left out.")
        start, end = max(self.first, min(start, self.last)), min(self.last, max(end, self.first))
        self.widget = ui.make(widgets.IntRangeSlider, value=(start, end), min=self.first, max=self.last,
                              description=description, continuous_update=False,
                              layout=dict(width="min(400px, 100%)"))
        self._shades: tuple = ()

    def mask(self) -> np.ndarray:
        low, high = self.widget.value
        return (self.years >= low) & (self.years <= high)

    def describe(self) -> str:
        low, high = self.widget.value
        return f"from {low} to {high}"

    def shade(self, ax, left: float, right: float, offset: float = 0.5, colour: str = "#DDDDDD") -> list:
        """Grey bands over the years outside the chosen range, between x = `left` and x = `right` on `ax`: with
        `offset` 0.5 a year is drawn centred on its number (bars), with 0 it runs from its number to the next (dates
        as fractional years). Call it in the chart's dynamic painter; the kit moves the bands on every redraw."""
        self._shades = (ax.axvspan(left, left, color=colour, alpha=0.8, lw=0),
                        ax.axvspan(right, right, color=colour, alpha=0.8, lw=0), left, right, offset)
        return list(self._shades[:2])

    def update_artists(self) -> None:
        if self._shades:
            before, after, left, right, offset = self._shades
            low, high = self.widget.value
            before.set_width(low - offset - left)
            after.set_x(high + 1 - offset)
            after.set_width(right - (high + 1 - offset))


class ChoiceFilter:
    """A drop-down with an "all" option that keeps the rows whose value is the one chosen; for a list column
    (such as an event's actors), the rows whose list contains it."""

    def __init__(self, label: str, values, options: list[str], all_label: str, *, start: str | None = None,
                 noun: str | None = None, width: str = "auto"):
        self.all_label, self.noun = all_label, noun or label.lower()
        listed = list(values)
        self.is_list = any(isinstance(v, list) for v in listed)
        self.values = listed if self.is_list else np.asarray(listed, dtype=object)
        self._masks: dict[str, np.ndarray] = {}
        choices = [all_label] + list(options)
        self.widget = ui.make(widgets.Dropdown, options=choices, value=start if start in choices else all_label,
                              description=label, style={"description_width": "initial"}, layout=dict(width=width))

    @property
    def chosen(self) -> str | None:
        return None if self.widget.value == self.all_label else self.widget.value

    def mask(self) -> np.ndarray:
        choice = self.chosen
        if choice is None:
            return np.ones(len(self.values), dtype=bool)
        if choice not in self._masks:
            self._masks[choice] = (np.array([choice in (v or []) for v in self.values]) if self.is_list
                                   else self.values == choice)
        return self._masks[choice]

    def describe(self) -> str:
        return f"{self.noun} '{self.chosen}'" if self.chosen is not None else ""


class TextFilter:
    """A box to type in that keeps the rows whose chosen columns contain the text (in any case); empty keeps all."""

    def __init__(self, label: str, frame: pd.DataFrame, columns: list[str], placeholder: str, *, noun: str | None = None):
        self.noun = noun or label.lower()
        self.haystack = frame[columns].fillna("").astype(str).agg(" ".join, axis=1).str.casefold().to_numpy()
        self.widget = ui.make(widgets.Text, value="", placeholder=placeholder, description=label,
                              continuous_update=False, style={"description_width": "initial"},
                              layout=dict(width="min(360px, 100%)"))

    @property
    def text(self) -> str:
        return self.widget.value.strip()

    def mask(self) -> np.ndarray:
        needle = self.text.casefold()
        return np.array([needle in hay for hay in self.haystack]) if needle else np.ones(len(self.haystack), bool)

    def describe(self) -> str:
        return f"{self.noun} '{self.text}'" if self.text else ""


def source_ids_of(row) -> list[str]:
    """The distinct source ids of a row (its source_id and check_source_id), in that order."""
    ids = [getattr(row, name, None) for name in ("source_id", "check_source_id")]
    return list(dict.fromkeys(i for i in ids if isinstance(i, str) and i))


class Listing:
    """The rows shown, as a table under the chart, with each row's sources in the last column.

    The table runs in the page, not in a box of its own: a scroll box inside a notebook traps the mouse wheel.
    Each row's HTML is made once, the first time it is shown; a redraw
    only joins the rows it keeps, and sends nothing when they are the same as before. A listing whose cells depend
    on the controls, not only on the row, says `changing_cells=True` and is rebuilt on every redraw.

    A table of hundreds of rows is more than a student reads and more than the page should lay out: with `limit`, at
    most that many rows are shown, and the title says how many there are and how to narrow them (`narrow`, e.g.
    "choose a kind or use Find")."""

    def __init__(self, columns: list[tuple[str, Callable]], title: str, with_sources: bool = True,
                 changing_cells: bool = False, limit: int | None = None, narrow: str = ""):
        if limit is not None and not narrow:
            raise ValueError("a Listing with a limit needs `narrow`: the words that tell a student how to see the rest")
        self.columns = columns + ([("Sources", _sources_cell)] if with_sources else [])
        self.title, self.changing_cells = title, changing_cells
        self.limit, self.narrow = limit, narrow
        self.widget = ui.HTML()
        self.widget.add_class("course-listing")
        self._head = "".join(f"<th>{escape(name)}</th>" for name, _ in self.columns)
        self._rows: dict = {}
        self._shown: tuple | None = None

    def _row(self, key, row) -> str:
        if key not in self._rows or self.changing_cells:
            self._rows[key] = "<tr>" + "".join(f"<td>{cell(row)}</td>" for _, cell in self.columns) + "</tr>"
        return self._rows[key]

    def show(self, rows: pd.DataFrame) -> None:
        keys = tuple(rows.index)
        if keys == self._shown and not self.changing_cells:
            return
        self._shown = keys
        if rows.empty:
            self.widget.value = ""
            return
        shown = rows if self.limit is None else rows.head(self.limit)
        body = "".join(self._row(key, row) for key, row in zip(keys, shown.itertuples()))
        count = (f"{len(rows)}" if len(shown) == len(rows) else
                 f"the first {len(shown)} of {len(rows)}; {escape(self.narrow)} to see others")
        self.widget.value = (f"<p><b>{escape(self.title)}</b> ({count}):</p>"
                             f"<table class='course-table'><thead><tr>{self._head}</tr></thead><tbody>{body}</tbody>"
                             "</table>")

    @property
    def html(self) -> str:
        return self.widget.value


@functools.lru_cache(maxsize=1)
def _voices() -> dict[str, str]:
    """Each source id with its outlet and kind, so a listing says whose voice a row rests on."""
    sources = load_table("sources")
    return {r.source_id: f"{r.outlet} ({r.kind})" for r in sources.itertuples()}


def _sources_cell(row) -> str:
    voices = _voices()
    return "<br>".join(f"{escape(voices.get(s, s))} <code>[{escape(s)}]</code>" for s in source_ids_of(row))


def _control_widget(control):
    return control.widget if hasattr(control, "widget") else control


class Explorer(Shown):
    """An explorer: its controls, chart, summary, listing and the tables it reads.

    `controls` maps a name to a kit control (YearRange, ChoiceFilter) or any ipywidget with a `value`; every change
    calls `redraw(view)`, which updates the chart's artists and returns the one-line summary. With `rows`, the kit
    combines the controls' filters into `view.keep` and `view.rows`, and the listing shows `view.rows`. `above` and
    `below` are widgets placed before and after the chart (for example a card about the chosen item). The controls
    sit in a row above the chart, unless `arrangement` is a box that holds them laid out otherwise."""

    def __init__(self, name: str, tables, controls: dict, chart: ChartPanel, redraw: Callable[[View], str], *,
                 rows: pd.DataFrame | None = None, listing: Listing | None = None, above=(), below=(),
                 notes=(), arrangement=None, effort_minutes: float = 0.0):
        self.name, self.tables = name, tuple(tables)
        self.above, self.below, self.arranged = list(above), list(below), arrangement is not None
        self.effort_minutes = effort_minutes  # a student's work beyond its tasks, for the time estimate (timing.py)
        self.parts = dict(controls)
        self.controls = {key: _control_widget(control) for key, control in self.parts.items()}
        self.chart, self.listing, self.rows, self._redraw = chart, listing, rows, redraw
        self.notes = [*notes, *(note for control in self.parts.values() for note in getattr(control, "notes", []))]
        children = [ui.HTML(COURSE_CSS + (message_html(escape(self.notice), "warning") if self.notes else ""))]
        children.append(arrangement or ui.HBox(list(self.controls.values()),
                                               layout=dict(flex_flow="row wrap", align_items="center")))
        children += [*above, chart.widget, *below] + ([listing.widget] if listing else [])
        self.widget = ui.VBox(children, own_layout=True)
        self.widget.add_class("course-box")
        self.widget.add_class("course-explorer")
        for control in self.controls.values():
            control.observe(self.update, names="value")
        self.update()

    @property
    def notice(self) -> str:
        """The warning shown above the controls, as plain text (an empty string when there is none)."""
        return " ".join(self.notes)

    def mask(self) -> np.ndarray | None:
        if self.rows is None:
            return None
        keep = np.ones(len(self.rows), dtype=bool)
        for control in self.parts.values():
            if hasattr(control, "mask"):
                keep &= control.mask()
        return keep

    def selection(self) -> pd.DataFrame | None:
        """The rows the controls keep now (None for an explorer that does not filter a table)."""
        keep = self.mask()
        return None if keep is None else self.rows[keep]

    def scope(self) -> str:
        """The filters in words: "from 2012 to 2024 (level 'municipal')"."""
        parts = [control.describe() for control in self.parts.values() if hasattr(control, "describe")]
        years = [p for p, c in zip(parts, self.parts.values()) if isinstance(c, YearRange)]
        others = [p for p, c in zip(parts, self.parts.values()) if p and not isinstance(c, YearRange)]
        return " ".join(years) + (f" ({', '.join(others)})" if others else "")

    def update(self, _change=None) -> None:
        keep = self.mask()
        rows = None if keep is None else self.rows[keep]
        for control in self.parts.values():
            if hasattr(control, "update_artists"):
                control.update_artists()
        self.chart.show(self._redraw(View(keep, rows, self.scope())))
        if self.listing is not None and rows is not None:
            self.listing.show(rows)

    @property
    def summary_text(self) -> str:
        return self.chart.summary_text

    def static_html(self) -> str:
        settings = "; ".join(f"{escape(getattr(w, 'description', '') or key)}: {escape(_value_text(w))}"
                             for key, w in self.controls.items() if not isinstance(w, widgets.Button)
                             and not self.arranged)
        parts = [f"<p class='course-settings'><b>Explorer</b> (shown with {settings})</p>" if settings else ""]
        if self.notes:
            parts.append(message_html(escape(self.notice), "warning"))
        for child in self.widget.children[2 - self.arranged:]:
            parts.append(static_html_of(child, self.chart))
        return f"<div class='course-explorer'>{''.join(parts)}</div>"


def _value_text(widget) -> str:
    value = widget.value
    if isinstance(value, tuple) and len(value) == 2:
        return f"{value[0]}–{value[1]}"
    if isinstance(widget, widgets.Dropdown) and isinstance(widget.options[0], tuple):
        return next((label for label, v in widget.options if v == value), str(value))
    return str(value)


def static_html_of(widget, chart: ChartPanel | None = None) -> str:
    """What a widget shows, as HTML without a kernel: text as it is, the chart as an image with its summary,
    controls as "label: value", boxes by their children. Buttons and uploads, which need a kernel, are left out."""
    if chart is not None and widget is chart.widget:
        return chart.static_html()
    if isinstance(widget, widgets.HTML):
        return widget.value.replace(COURSE_CSS, "")
    if isinstance(widget, widgets.Box):
        inner = "".join(static_html_of(child, chart) for child in widget.children)
        return f"<div>{inner}</div>" if inner else ""
    if isinstance(widget, (widgets.Dropdown, widgets.RadioButtons, widgets.Select, widgets.IntRangeSlider,
                           widgets.IntSlider, widgets.Text, widgets.Textarea, widgets.Checkbox)):
        label = widget.description or ""
        return f"<span class='course-control'>{html.escape(label)}{': ' if label else ''}<b>{html.escape(_value_text(widget))}</b></span> "
    return ""


def date_text(date: pd.Timestamp, precision: str) -> str:
    """'20 Feb 1988', 'Feb 1988' or '1988', as precise as the source allows."""
    return {"day": f"{date.day} {date:%b %Y}", "month": f"{date:%b %Y}"}.get(precision, f"{date:%Y}")


def format_date(date: pd.Timestamp, precision: str) -> str:
    """The date as HTML for a table cell, never broken across lines."""
    return f"<span class='course-nowrap'>{date_text(date, precision)}</span>"


def decimal_year(dates: pd.Series) -> np.ndarray:
    """Dates as fractional years (1988.13 for 20 Feb 1988): a plain number axis that draws faster than dates."""
    return (dates.dt.year + (dates.dt.day_of_year - 1) / 365.25).to_numpy()


class SortingBoard:
    """The controls of a sorter: a drop-down beside each case and a button that shows the comparison. The student's
    choices are their work: restored from the lesson's journal when the cell runs again, and saved there (only once
    they have chosen something) by `save`."""

    def __init__(self, lesson, key: str, cases: dict[str, str], choices: list[str], unset: str, compare: str,
                 width: str = "250px"):
        self.lesson, self.unset, self.compare_label = lesson, unset, compare
        self.key = f"{lesson.lesson_id}-{key}" if lesson is not None else None
        saved = lesson.journal.answers.get(self.key, {}).get("choices", {}) if lesson is not None else {}
        self.pickers = {case_id: ui.make(widgets.Dropdown, options=[unset] + choices, layout=dict(width=width),
                                         value=saved.get(case_id) if saved.get(case_id) in choices else unset)
                        for case_id in cases}
        self.reveal = ui.make(widgets.ToggleButton, value=False, description=compare, icon="eye",
                              button_style="primary", layout=dict(width="auto"))
        self.box = ui.VBox([ui.VBox([ui.HBox([self.pickers[case_id], ui.HTML(text)],
                                             layout=dict(align_items="flex-start"))
                                     for case_id, text in cases.items()]), self.reveal])

    @property
    def controls(self) -> dict:
        return {**self.pickers, "compare": self.reveal}

    @property
    def shown(self) -> bool:
        """True while the comparison is shown; the button then offers to hide it."""
        self.reveal.description = "Hide the comparison" if self.reveal.value else self.compare_label
        return self.reveal.value

    def chosen(self) -> dict[str, str]:
        return {case_id: p.value for case_id, p in self.pickers.items() if p.value != self.unset}

    def save(self, summary: str, prompt: str) -> None:
        if self.lesson is not None and (self.chosen() or self.key in self.lesson.journal.answers):
            self.lesson.journal.save(self.key, summary, prompt, kind="sorting", choices=self.chosen())
