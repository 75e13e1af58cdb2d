"""The timeline explorer: the conflict's events from 1988 to 2026, filtered by years, category and actor."""
from __future__ import annotations

import html
import json

import ipywidgets as widgets
import numpy as np
import pandas as pd

from ..data import DATA_DIR, load_table
from ..style import ChartPanel, category_style, empty_message, message_html
from .. import ui

ALL_CATEGORIES = "All categories"
ALL_ACTORS = "All actors"


def _schema_enum(table: str, field: str) -> list[str]:
    package = json.loads((DATA_DIR / "datapackage.json").read_text(encoding="utf-8"))
    resource = next(r for r in package["resources"] if r["name"] == table)
    return next(f for f in resource["schema"]["fields"] if f["name"] == field)["constraints"]["enum"]


def format_date(date: pd.Timestamp, precision: str) -> str:
    """'20 Feb 1988', 'Feb 1988' or '1988', as precise as the source allows."""
    return {"day": f"{date.day} {date:%b %Y}", "month": f"{date:%b %Y}"}.get(precision, f"{date:%Y}")


def _clamp_years(start_year, end_year, first: int, last: int) -> tuple[int, int, list[str]]:
    notes = []
    try:
        start, end = int(start_year), int(end_year)
    except (TypeError, ValueError):
        return first, last, [f"start_year and end_year must be whole years such as 1988 and 2026; showing "
                             f"{first}–{last}."]
    if start > end:
        notes.append(f"start_year {start} is after end_year {end}; the two were swapped.")
        start, end = end, start
    if start < first or end > last:
        notes.append(f"The events table covers {first}–{last}; years outside it were left out.")
    return max(first, min(start, last)), min(last, max(end, first)), notes


def events_html(events: pd.DataFrame) -> str:
    """The filtered events as an HTML table: date, what happened, category, sources."""
    if events.empty:
        return ""
    rows = []
    for event in events.itertuples():
        note = f"<br><i>Note: {html.escape(event.note)}</i>" if isinstance(event.note, str) else ""
        sources = ", ".join(f"[{s}]" for s in dict.fromkeys([event.source_id, event.check_source_id]) if s)
        rows.append(f"<tr><td style='white-space:nowrap'>{format_date(event.date, event.date_precision)}</td>"
                    f"<td><b>{html.escape(event.title)}</b><br>{html.escape(event.summary)}{note}</td>"
                    f"<td>{html.escape(event.category)}</td><td><code>{html.escape(sources)}</code></td></tr>")
    return ("<table class='course-table'><thead><tr><th>Date</th><th>What happened</th><th>Category</th>"
            f"<th>Sources</th></tr></thead><tbody>{''.join(rows)}</tbody></table>")


def decimal_year(dates: pd.Series) -> np.ndarray:
    """Dates as fractional years (1988.13 for 20 Feb 1988): a plain number axis that draws faster than dates."""
    return (dates.dt.year + (dates.dt.day_of_year - 1) / 365.25).to_numpy()


def timeline_explorer(start_year: int = 1988, end_year: int = 2026) -> widgets.VBox:
    """Events of the conflict on a timeline, with filters; the chart and the list of events update together."""
    events = load_table("events").sort_values("date", kind="stable").reset_index(drop=True)
    events["year"] = events["date"].dt.year
    events["x"] = decimal_year(events["date"])
    first, last = int(events["year"].min()), int(events["year"].max())
    start, end, notes = _clamp_years(start_year, end_year, first, last)
    categories = _schema_enum("events", "category")
    styles = category_style(categories)
    lane = {name: i for i, name in enumerate(categories)}
    actors = sorted({a for listed in events["actors"] for a in listed})

    years = ui.make(widgets.IntRangeSlider, value=(start, end), min=first, max=last, description="Years",
                                   continuous_update=False, layout=dict(width="420px"))
    category = ui.make(widgets.Dropdown, options=[ALL_CATEGORIES] + categories, description="Category")
    actor = ui.make(widgets.Dropdown, options=[ALL_ACTORS] + actors, description="Actor")
    chart = ChartPanel(8.5, 3.9, margins={"left": 0.27})
    listing = ui.HTML(layout=dict(max_height="380px", overflow="auto", width="100%"))

    def static(ax) -> None:
        ax.set_yticks(range(len(categories)), categories)
        ax.set_ylim(-0.7, len(categories) - 0.3)
        ax.set_xlim(first - 0.6, last + 1.6)
        ax.set_xticks(range(first, last + 1, 4))
        ax.set_xlabel("Year (grey: outside the years you chose)")
        ax.set_ylabel("Category")
        # A fixed title: text is the costliest thing to draw, and the summary line gives the years and counts.
        ax.set_title("Events of the conflict over Nagorno-Karabakh, by category")

    def dynamic(ax) -> dict:
        return {
            "before": ax.axvspan(first - 0.6, first - 0.6, color="#DDDDDD", alpha=0.8, lw=0),
            "after": ax.axvspan(last + 1.6, last + 1.6, color="#DDDDDD", alpha=0.8, lw=0),
            "points": {name: ax.scatter([], [], s=70, c=styles[name][0], marker=styles[name][1],
                                        edgecolors="white", linewidths=0.8, zorder=3) for name in categories},
            "empty": empty_message(ax, "No events match these filters.\nWiden the years or choose 'All'."),
        }

    artists = chart.build(static, dynamic)

    # Plain arrays for the redraw path: pandas indexing costs more than the drawing at this size.
    year_of = events["year"].to_numpy()
    category_of = events["category"].to_numpy()
    involves = {name: np.array([name in listed for listed in events["actors"]]) for name in actors}
    x_of = events["x"].to_numpy()
    lane_of = np.array([lane[name] for name in category_of], dtype=float)

    def mask() -> np.ndarray:
        low, high = years.value
        keep = (year_of >= low) & (year_of <= high)
        if category.value != ALL_CATEGORIES:
            keep &= category_of == category.value
        if actor.value != ALL_ACTORS:
            keep &= involves[actor.value]
        return keep

    def selection() -> pd.DataFrame:
        return events[mask()]

    def describe(chosen: pd.DataFrame) -> str:
        low, high = years.value
        filters = []
        if category.value != ALL_CATEGORIES:
            filters.append(f"category '{category.value}'")
        if actor.value != ALL_ACTORS:
            filters.append(f"actor '{actor.value}'")
        scope = f"from {low} to {high}" + (f" ({', '.join(filters)})" if filters else "")
        if chosen.empty:
            return f"No events {scope}. Widen the years, or choose '{ALL_CATEGORIES}' or '{ALL_ACTORS}'."
        per_year = chosen["year"].value_counts()
        top_category = chosen["category"].value_counts()
        return (f"{len(chosen)} of {len(events)} events {scope}. Busiest year: {per_year.index[0]} "
                f"({per_year.iloc[0]} event{'s' if per_year.iloc[0] > 1 else ''}). Most frequent category: "
                f"{top_category.index[0]} ({top_category.iloc[0]}).")

    def update(_change=None) -> None:
        keep = mask()
        chosen = events[keep]
        low, high = years.value
        artists["before"].set_width(low - (first - 0.6))
        artists["after"].set_x(high + 1)
        artists["after"].set_width(last + 1.6 - (high + 1))
        for name, points in artists["points"].items():
            mine = keep & (category_of == name)
            points.set_offsets(np.column_stack([x_of[mine], lane_of[mine]]))
        artists["empty"].set_visible(not keep.any())
        chart.show(describe(chosen))
        listing.value = events_html(chosen)

    for control in (years, category, actor):
        control.observe(update, names="value")
    update()
    parts = [ui.HTML(message_html(html.escape(" ".join(notes)), "warning"))] if notes else []
    box = ui.VBox(parts + [ui.HBox([years, category, actor], layout=dict(flex_flow="row wrap")),
                                chart.widget, ui.HTML("<b>The events shown</b> (scroll for more):"), listing])
    box.add_class("course-explorer")
    box.controls = {"years": years, "category": category, "actor": actor}
    box.chart, box.listing, box.selection, box.update = chart, listing, selection, update
    return box
