"""Explorers for lesson 00: the course's sources by kind, and the map of lessons."""
from __future__ import annotations

import html

import ipywidgets as widgets

from ..data import load_table
from ..style import HIGHLIGHT, MUTED, PALETTE, ChartPanel
from .timeline import _schema_enum
from .. import ui

ALL_KINDS = "All kinds"

KIND_MEANING = {
    "academic": "scholarly analysis; still one author's argument",
    "journalism": "news and analysis outlets; check who owns them and whom they quote",
    "official document": "what a government, court or international body decided or said; evidence that it was "
                         "said, not that it is true",
    "government-aligned outlet": "state or state-aligned media; evidence of a government's position",
    "advocacy": "lobbies and campaigning sites on either side; evidence of what the campaign claims",
}


def sources_explorer(kind: str = ALL_KINDS) -> widgets.VBox:
    """How many of the course's sources are of each kind, and which they are."""
    sources = load_table("sources")
    kinds = _schema_enum("sources", "kind")
    chooser = ui.make(widgets.Dropdown, options=[ALL_KINDS] + kinds, value=kind if kind in kinds else ALL_KINDS,
                               description="Kind")
    chart = ChartPanel(7.0, 2.8, margins={"left": 0.3, "bottom": 0.2, "top": 0.88})
    listing = ui.HTML(layout=dict(max_height="300px", overflow="auto", width="100%"))
    counts = sources["kind"].value_counts().reindex(kinds, fill_value=0)

    def static(ax) -> None:
        ax.set_yticks(range(len(kinds)), kinds)
        ax.invert_yaxis()
        ax.set_xlim(0, counts.max() * 1.15 + 1)
        ax.set_xlabel("Number of sources")
        ax.set_title("The course's sources by kind")
        ax.grid(axis="y", visible=False)
        for i, n in enumerate(counts):
            ax.annotate(str(n), (n, i), xytext=(3, 0), textcoords="offset points", va="center")

    def dynamic(ax) -> list:
        return list(ax.barh(range(len(kinds)), counts.to_numpy(), color=PALETTE[0]))

    bars = chart.build(static, dynamic)

    def update(_change=None) -> None:
        chosen = sources if chooser.value == ALL_KINDS else sources[sources["kind"] == chooser.value]
        for bar, k in zip(bars, kinds):
            bar.set_facecolor(PALETTE[0] if chooser.value == ALL_KINDS else HIGHLIGHT if k == chooser.value else MUTED)
        breakdown = ", ".join(f"{n} {k}" for k, n in counts.items())
        summary = f"The course draws on {len(sources)} sources: {breakdown}."
        if chooser.value != ALL_KINDS:
            summary += f" Showing the {len(chosen)} of kind '{chooser.value}': {KIND_MEANING[chooser.value]}."
        chart.show(summary)
        rows = "".join(f"<tr><td><code>[{html.escape(r.source_id)}]</code></td><td>{html.escape(r.author)}</td>"
                       f"<td><i>{html.escape(r.title)}</i></td><td>{html.escape(r.outlet)}</td>"
                       f"<td>{html.escape(r.date)}</td><td>{html.escape(r.kind)}</td></tr>"
                       for r in chosen.itertuples())
        listing.value = ("<table class='course-table'><thead><tr><th>Id</th><th>Author</th><th>Title</th>"
                         f"<th>Outlet</th><th>Date</th><th>Kind</th></tr></thead><tbody>{rows}</tbody></table>")

    chooser.observe(update, names="value")
    update()
    box = ui.VBox([chooser, chart.widget, listing])
    box.add_class("course-explorer")
    box.controls = {"kind": chooser}
    box.chart, box.listing, box.update = chart, listing, update
    return box


def course_map() -> widgets.HTML:
    """The lessons in teaching order, with time, the questions each answers, and a link to open it."""
    lessons = load_table("lessons")
    rows = "".join(
        f"<tr><td>{r.lesson_id}</td><td><a href='{html.escape(r.notebook)}' target='_blank'>{html.escape(r.title)}</a>"
        f"</td><td>{html.escape(r.questions)}</td><td>{r.minutes} min</td>"
        f"<td>{html.escape(r.builds_on) if isinstance(r.builds_on, str) else '–'}</td></tr>"
        for r in lessons.itertuples())
    total = int(lessons["minutes"].sum())
    return ui.HTML(
        "<table class='course-table course-map'><thead><tr><th>Lesson</th><th>Title (opens the notebook)</th>"
        f"<th>Questions it answers</th><th>Time</th><th>Builds on</th></tr></thead><tbody>{rows}</tbody></table>"
        f"<p>{len(lessons)} lessons, about {total} minutes in all.</p>")
