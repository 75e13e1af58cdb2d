"""The timeline explorer: the conflict's events from 1988 to 2026, filtered by years, category and actor."""
from __future__ import annotations

import numpy as np

from ..data import field_values, load_table
from ..display import escape
from ..style import ChartPanel, category_style, empty_message
from .kit import ChoiceFilter, Explorer, Listing, View, YearRange, decimal_year, format_date


def _what_happened(event) -> str:
    note = f"<br><i>Note: {escape(event.note)}</i>" if isinstance(event.note, str) else ""
    return f"<b>{escape(event.title)}</b><br>{escape(event.summary)}{note}"


def timeline_explorer(first_year: int = 1988, last_year: int = 2026) -> Explorer:
    """Events of the conflict on a timeline, with filters; the chart and the list of events update together."""
    events = load_table("events").sort_values("date", kind="stable").reset_index(drop=True)
    categories = field_values("events", "category")
    styles = category_style(categories)
    years = YearRange(events["date"].dt.year, first_year, last_year, what="The events table")
    category = ChoiceFilter("Category", events["category"], categories, "All categories")
    actor = ChoiceFilter("Actor", events["actors"], sorted({a for listed in events["actors"] for a in listed}),
                         "All actors")
    first, last = years.first, years.last
    x_of = decimal_year(events["date"])
    lane_of = events["category"].map({name: i for i, name in enumerate(categories)}).to_numpy(dtype=float)
    category_of = events["category"].to_numpy()
    chart = ChartPanel(7.6, 4.0, margins={"left": 0.31, "right": 0.98})

    def static(ax) -> None:
        ax.set_yticks(range(len(categories)), categories)
        ax.set_ylim(-0.7, len(categories) - 0.3)
        ax.set_xlim(first - 0.6, last + 1.6)
        ax.set_xticks(range(first, last + 1, 4))
        ax.set_xlabel("Year (grey: outside the years you chose)")
        # A fixed title: text is the costliest thing to draw, and the summary line gives the years and counts.
        ax.set_title("Events of the conflict, by category")

    def dynamic(ax) -> dict:
        return {"shade": years.shade(ax, first - 0.6, last + 1.6, offset=0),
                "points": {name: ax.scatter([], [], s=70, c=styles[name][0], marker=styles[name][1],
                                            edgecolors="white", linewidths=0.8, zorder=3) for name in categories},
                "empty": empty_message(ax, "No events match these filters.\nWiden the years or choose 'All'.")}

    artists = chart.build(static, dynamic)

    def redraw(view: View) -> str:
        for name, points in artists["points"].items():
            mine = view.keep & (category_of == name)
            points.set_offsets(np.column_stack([x_of[mine], lane_of[mine]]))
        artists["empty"].set_visible(view.rows.empty)
        if view.rows.empty:
            return f"No events {view.scope}. Widen the years, or choose 'All categories' or 'All actors'."
        per_year = view.rows["date"].dt.year.value_counts()
        top = view.rows["category"].value_counts()
        return (f"{len(view.rows)} of {len(events)} events {view.scope}. Busiest year: {per_year.index[0]} "
                f"({per_year.iloc[0]} event{'s' if per_year.iloc[0] > 1 else ''}). Most frequent category: "
                f"{top.index[0]} ({top.iloc[0]}).")

    listing = Listing([("Date", lambda e: format_date(e.date, e.date_precision)), ("What happened", _what_happened),
                       ("Category", lambda e: escape(e.category))], title="The events shown")
    return Explorer("timeline_explorer", ["events"], {"years": years, "category": category, "actor": actor},
                    chart, redraw, rows=events, listing=listing)
