"""The sources explorer (lesson 00): how many of the course's sources are of each kind, and which they are."""
from __future__ import annotations

from ..data import load_table
from ..display import escape
from ..style import HIGHLIGHT, MUTED, PALETTE, ChartPanel
from .kit import ChoiceFilter, Explorer, Listing, View


def sources_explorer(kind: str = "All kinds") -> Explorer:
    """How many of the course's sources are of each kind, what each kind is evidence of, and which they are."""
    sources = load_table("sources")
    kinds_table = load_table("source_kinds").sort_values("order")
    kinds = list(kinds_table["kind"])
    meaning = dict(zip(kinds_table["kind"], kinds_table["meaning"]))
    chooser = ChoiceFilter("Kind", sources["kind"], kinds, "All kinds", start=kind, noun="kind")
    counts = sources["kind"].value_counts().reindex(kinds, fill_value=0)
    chart = ChartPanel(7.0, 3.2, margins={"left": 0.3, "bottom": 0.17, "top": 0.9})

    def static(ax) -> None:
        ax.set_yticks(range(len(kinds)), kinds)
        ax.invert_yaxis()
        ax.set_xlim(0, counts.max() * 1.15 + 1)
        ax.set_xlabel("Number of sources")
        ax.set_title("The course's sources by kind")
        ax.grid(axis="y", visible=False)
        for i, n in enumerate(counts):
            ax.annotate(str(n), (n, i), xytext=(3, 0), textcoords="offset points", va="center")

    bars = chart.build(static, lambda ax: list(ax.barh(range(len(kinds)), counts.to_numpy(), color=PALETTE[0])))

    def redraw(view: View) -> str:
        for bar, name in zip(bars, kinds):
            bar.set_facecolor(PALETTE[0] if chooser.chosen is None else HIGHLIGHT if name == chooser.chosen else MUTED)
        summary = f"The course draws on {len(sources)} sources: " + ", ".join(f"{n} {k}" for k, n in counts.items())
        if chooser.chosen is None:
            return summary + "."
        return f"{summary}. Showing the {len(view.rows)} of kind '{chooser.chosen}': {meaning[chooser.chosen]}"

    listing = Listing([("Id", lambda r: f"<code>[{escape(r.source_id)}]</code>"), ("Author", lambda r: escape(r.author)),
                       ("Title", lambda r: f"<i>{escape(r.title)}</i>"), ("Outlet", lambda r: escape(r.outlet)),
                       ("Date", lambda r: escape(r.date)), ("Kind", lambda r: escape(r.kind))],
                      title="The sources shown", max_height="300px", with_sources=False)
    return Explorer("sources_explorer", ["sources", "source_kinds"], {"kind": chooser}, chart, redraw,
                    rows=sources, listing=listing)
