"""The sources explorer (lesson 00): how many of the course's sources are of each kind, which they are, and a box to
find a source by its id, author, title or outlet."""
from __future__ import annotations

import numpy as np

from ..data import load_table
from ..display import escape
from ..style import HIGHLIGHT, MUTED, PALETTE, ChartPanel
from .kit import ChoiceFilter, Explorer, Listing, TextFilter, View


def sources_explorer(kind: str = "All kinds") -> Explorer:
    """How many of the course's sources are of each kind, what each kind is evidence of, and which they are."""
    sources = load_table("sources")
    kinds_table = load_table("source_kinds").sort_values("order")
    kinds = list(kinds_table["kind"])
    meaning = dict(zip(kinds_table["kind"], kinds_table["meaning"]))
    chooser = ChoiceFilter("Kind", sources["kind"], kinds, "All kinds", start=kind, noun="kind")
    finder = TextFilter("Find", sources, ["source_id", "author", "title", "outlet"],
                        "an id, author, title or outlet; then press Enter", noun="matching")
    kind_of = sources["kind"].to_numpy()
    chart = ChartPanel(7.0, 3.2, margins={"left": 0.3, "bottom": 0.17, "top": 0.9})

    def static(ax) -> None:
        ax.set_yticks(range(len(kinds)), kinds)
        ax.invert_yaxis()
        ax.set_xlim(0, sources["kind"].value_counts().max() * 1.15 + 1)
        ax.set_xlabel("Number of sources")
        ax.set_title("The course's sources by kind")
        ax.grid(axis="y", visible=False)

    artists = chart.build(static, lambda ax: {
        "bars": list(ax.barh(range(len(kinds)), np.zeros(len(kinds)), color=PALETTE[0])),
        "labels": [ax.text(0, i, "", va="center", fontsize=9) for i in range(len(kinds))]})

    def redraw(view: View) -> str:
        found = finder.mask()
        counts = [int((found & (kind_of == name)).sum()) for name in kinds]
        for bar, label, name, n in zip(artists["bars"], artists["labels"], kinds, counts):
            bar.set_width(n)
            bar.set_facecolor(PALETTE[0] if chooser.chosen in (None, name) else MUTED)
            if chooser.chosen == name:
                bar.set_facecolor(HIGHLIGHT)
            label.set_x(n + 0.5)
            label.set_text(str(n))
        found_part = f"; {int(found.sum())} match '{finder.text}'" if finder.text else ""
        summary = (f"The course draws on {len(sources)} sources{found_part}: "
                   + ", ".join(f"{n} {k}" for k, n in zip(kinds, counts)))
        if chooser.chosen is None:
            return summary + "."
        return f"{summary}. Showing the {len(view.rows)} of kind '{chooser.chosen}': {meaning[chooser.chosen]}"

    listing = Listing([("Id", lambda r: f"<code>[{escape(r.source_id)}]</code>"), ("Author", lambda r: escape(r.author)),
                       ("Title", lambda r: f"<i>{escape(r.title)}</i>"), ("Outlet", lambda r: escape(r.outlet)),
                       ("Date", lambda r: escape(r.date)), ("Kind", lambda r: escape(r.kind))],
                      title="The sources shown", with_sources=False, limit=30, narrow="choose a kind or use Find")
    return Explorer("sources_explorer", ["sources", "source_kinds"], {"kind": chooser, "find": finder}, chart, redraw,
                    rows=sources, listing=listing)
