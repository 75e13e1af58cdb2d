"""Claims and counts (lesson 05): the sizes claimed for the Azerbaijani and Armenian diasporas beside estimates and
census counts, one bar a number, on one scale for both communities, with what each number counts."""
from __future__ import annotations

import ipywidgets as widgets
import numpy as np
from matplotlib.collections import PolyCollection
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import NullLocator
from matplotlib.transforms import blended_transform_factory

from .. import ui
from ..data import field_values, load_table
from ..display import escape
from ..style import PALETTE, ChartPanel, empty_message
from .kit import ChoiceFilter, Explorer, Listing, View

COMMUNITIES = {"Azerbaijani": "Azerbaijanis", "Armenian": "Armenians"}
# Each kind: fill colour, hatch and the words of the legend. Claims are hatched, estimates dotted, counts solid, so
# the chart reads without colour too.
STYLE = {"official claim": (PALETTE[1], "///", "claim by a homeland state body"),
         "advocacy claim": (PALETTE[5], "xxx", "claim by a community organisation"),
         "estimate": (PALETTE[4], "...", "estimate (no count behind it)"),
         "census": (PALETTE[0], "", "census count"),
         "official statistic": (PALETTE[2], "", "statistics office's figure or survey")}
CLAIMS, COUNTS = ("official claim", "advocacy claim"), ("census", "official statistic")
SHOW = {"Claims, estimates and counts": None, "Claims only": CLAIMS, "Estimates only": ("estimate",),
        "Counts only": COUNTS}
PLACE_GROUPS = {"worldwide": "worldwide or abroad", "abroad": "worldwide or abroad", "homeland": "the republic itself"}
X_MIN, X_MAX = 1e4, 1e8


class Toggle:
    """A row of toggle buttons that filters rows (the kit's ChoiceFilter is a drop-down): each option keeps the rows
    whose value is in its set, or every row for None."""

    def __init__(self, label: str, values, options: dict[str, tuple | None], words: dict[str, str]):
        self.values, self.options, self.words = np.asarray(list(values), dtype=object), options, words
        self.widget = ui.make(widgets.ToggleButtons, options=list(options), value=next(iter(options)),
                              description=label, style={"description_width": "initial", "button_width": "auto"})

    @property
    def chosen(self) -> tuple | None:
        return self.options[self.widget.value]

    def mask(self) -> np.ndarray:
        chosen = self.chosen
        return np.ones(len(self.values), dtype=bool) if chosen is None else np.isin(self.values, chosen)

    def describe(self) -> str:
        return self.words.get(self.widget.value, "")


def compact(value: float) -> str:
    """50000000 -> '50M', 603070 -> '603k', 14205 -> '14k'."""
    if value >= 1e6:
        return f"{value / 1e6:.1f}M".replace(".0M", "M")
    return f"{value / 1e3:.0f}k"


def figure_of(number: float, low: float, high: float) -> str:
    """A row's number, or its range, written out in full."""
    if number == number:  # not NaN
        return f"{int(number):,}"
    return f"{int(low):,}–{int(high):,}"


def claims_explorer(community: str = "Both communities") -> Explorer:
    """Claimed, estimated and counted sizes of the two diasporas, filtered by community, place and kind."""
    sizes = load_table("diaspora_sizes")
    kinds = field_values("diaspora_sizes", "kind")
    places = field_values("diaspora_sizes", "place")
    sizes["top"] = sizes["number"].fillna(sizes["high"])
    sizes["order"] = sizes["community"].map({c: i for i, c in enumerate(COMMUNITIES)})
    sizes = sizes.sort_values(["order", "top"], ascending=[True, False], kind="stable").reset_index(drop=True)
    sizes["group"] = [PLACE_GROUPS.get(p, p) for p in sizes["place"]]
    groups = list(dict.fromkeys(PLACE_GROUPS.get(p, p) for p in places))
    start = community if community in ("Azerbaijanis", "Armenians") else "Both communities"
    controls = {
        "community": Toggle("Community", sizes["community"], {"Both communities": None,
                                                               "Azerbaijanis": ("Azerbaijani",),
                                                               "Armenians": ("Armenian",)},
                            {"Azerbaijanis": "Azerbaijanis only", "Armenians": "Armenians only"}),
        "place": ChoiceFilter("What is counted", sizes["group"], groups, "All places", noun="place"),
        "show": Toggle("Show", sizes["kind"], SHOW, {"Claims only": "claims only", "Estimates only": "estimates only",
                                                     "Counts only": "counts only"})}
    controls["community"].widget.value = start
    # Every number keeps its line, so its label is drawn once with the axes (text is the costliest thing to redraw).
    slot_of = (np.arange(len(sizes)) + 1 + sizes["order"].to_numpy()).astype(float)
    heading_at = {c: float(slot_of[(sizes["community"] == c).to_numpy()].min() - 1) for c in COMMUNITIES}
    slots = len(sizes) + len(COMMUNITIES)
    population = {c: sizes[(sizes["community"] == c) & (sizes["place"] == "homeland")].sort_values("year").iloc[-1]
                  for c in COMMUNITIES}
    left = np.where(sizes["number"].isna(), sizes["low"], X_MIN)
    top = sizes["top"].to_numpy()
    chart = ChartPanel(7.6, 6.2, margins={"left": 0.4, "right": 0.93, "top": 0.95, "bottom": 0.2})

    def static(ax) -> None:
        ax.set_xscale("log")
        ax.set_xlim(X_MIN, X_MAX)
        ax.set_ylim(slots - 0.4, -0.8)
        ax.set_yticks([])
        ax.grid(axis="y", visible=False)
        ax.set_xticks([1e4, 1e5, 1e6, 1e7, 1e8], ["10 thousand", "100 thousand", "1 million", "10 million",
                                                   "100 million"], fontsize=7.5)
        ax.xaxis.set_minor_locator(NullLocator())
        ax.set_xlabel("Number of people (log scale: each step is ten times the last)")
        ax.figure.suptitle("Claimed, estimated and counted sizes of the two diasporas", fontweight="bold", y=0.985)
        at = blended_transform_factory(ax.transAxes, ax.transData)
        for kind in kinds:
            mine = np.flatnonzero((sizes["kind"] == kind).to_numpy())
            ax.add_collection(PolyCollection(
                [[(left[i], slot_of[i] - 0.35), (top[i], slot_of[i] - 0.35), (top[i], slot_of[i] + 0.35),
                  (left[i], slot_of[i] + 0.35)] for i in mine],
                facecolors=STYLE[kind][0], hatch=STYLE[kind][1], edgecolors="white", linewidths=0.3))
        for row, y in zip(sizes.itertuples(), slot_of):
            figure = compact(row.top) if row.number == row.number else f"{compact(row.low)}–{compact(row.high)}"
            ax.text(-0.01, y, f"{row.label}, {row.year}: {figure}", transform=at, ha="right", va="center", fontsize=7.5)
        for name, plural in COMMUNITIES.items():
            ax.text(-0.01, heading_at[name], plural, transform=at, ha="right", va="center", fontsize=9,
                    fontweight="bold")
            span = slot_of[(sizes["community"] == name).to_numpy()]
            ax.plot([population[name]["number"]] * 2, [span.min() - 0.5, span.max() + 0.4], color="black",
                    linestyle="--", linewidth=1.1)
        handles = [Patch(facecolor=STYLE[k][0], hatch=STYLE[k][1], edgecolor="white", label=STYLE[k][2])
                   for k in kinds]
        handles += [Line2D([], [], color="black", linestyle="--", label="population of the republic itself"),
                    Patch(facecolor="#DDDDDD", label="faded: left out by your choices")]
        ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.3, -0.09), ncol=2, fontsize=7.5,
                  frameon=False, handlelength=1.6, columnspacing=1.2, labelspacing=0.3)

    def dynamic(ax) -> dict:
        # Every bar has a fixed line and length, so the bars are drawn once with the axes too; a redraw only lays a
        # veil over the lines the filters leave out (hatching is slow to draw, a plain veil is not).
        return {"veil": ax.add_collection(PolyCollection([], facecolors="white", edgecolors="none", alpha=0.8,
                                                         transform=blended_transform_factory(ax.transAxes,
                                                                                             ax.transData),
                                                         clip_on=False)),
                "empty": empty_message(ax, "No numbers match.\nChoose another place, or show all kinds.")}

    artists = chart.build(static, dynamic)
    kind_of, community_of = sizes["kind"].to_numpy(), sizes["community"].to_numpy()
    is_claim, is_count = np.isin(kind_of, CLAIMS), np.isin(kind_of, COUNTS)
    abroad = is_count & ~np.isin(sizes["place"].to_numpy(), ["homeland", "worldwide", "abroad"])
    records = sizes.to_dict("records")
    caption = ui.HTML()

    def largest(mask: np.ndarray) -> dict | None:
        found = np.flatnonzero(mask)
        return records[found[np.argmax(top[found])]] if len(found) else None

    def redraw(view: View) -> str:
        artists["veil"].set_verts([[(-0.76, y - 0.5), (1.0, y - 0.5), (1.0, y + 0.5), (-0.76, y + 0.5)]
                                   for y in slot_of[~view.keep]])
        artists["empty"].set_visible(not view.keep.any())
        shown = [name for name in COMMUNITIES if (view.keep & (community_of == name)).any()]
        picks = {name: (largest(view.keep & (community_of == name) & is_claim),
                        largest(view.keep & (community_of == name) & is_count),
                        largest(view.keep & (community_of == name) & abroad)) for name in shown}
        caption.value = _caption(picks)
        if not shown:
            return f"No numbers match{view.scope}. Choose another place, or show all kinds."
        parts = [_community_sentence(COMMUNITIES[name], picks[name][0], picks[name][2], population[name])
                 for name in shown]
        return (f"{int(view.keep.sum())} numbers shown{view.scope}. " + " ".join(parts) +
                " Each bar counts different people: see the notes below the chart.")

    listing = Listing([("Number", lambda r: f"<b>{escape(figure_of(r.number, r.low, r.high))}</b>"),
                       ("Whom it counts", lambda r: f"{escape(r.what_is_counted)} ({r.year})"),
                       ("Kind", lambda r: escape(r.kind)), ("Who says so", lambda r: escape(r.who_says)),
                       ("What it includes and leaves out", lambda r: escape(r.note) if isinstance(r.note, str) else "")],
                      title="The numbers shown")
    return Explorer("claims_explorer", ["diaspora_sizes"], controls, chart, redraw, rows=sizes, listing=listing,
                    below=[caption])


def _community_sentence(plural: str, claim: dict | None, count: dict | None, population) -> str:
    said = [f"{plural}:"]
    said.append(f"largest claim {int(claim['top']):,} ({claim['who_says']}, {claim['year']});" if claim
                else "no claim shown;")
    said.append(f"largest count abroad {int(count['top']):,} ({count['place']}, {count['year']} {count['kind']});"
                if count else "no count abroad shown;")
    said.append(f"the republic itself had {int(population['number']):,} people in {population['year']}.")
    return " ".join(said)


def _caption(picks: dict) -> str:
    """For each community shown, what its largest claim counts and what its largest count leaves out (from the
    table's notes): the honest note under the chart."""
    items = []
    for name, (claim, count, abroad) in picks.items():
        for label, row in (("largest claim", claim),
                           ("largest count abroad" if abroad else "largest count", abroad or count)):
            if row is None:
                continue
            note = row["note"] if isinstance(row["note"], str) else "The table has no note on this number."
            items.append(f"<li><b>{escape(COMMUNITIES[name])}, {label} shown "
                         f"({escape(figure_of(row['number'], row['low'], row['high']))}, "
                         f"{escape(row['what_is_counted'])}):</b> {escape(note)}</li>")
    if not items:
        return ""
    return ("<p class='course-caption'><b>What the biggest numbers count.</b> Hatched bars are claims, dotted bars "
            "estimates, solid bars counts. A claim and a count of the 'same' people rarely count the same people:"
            f"</p><ul class='course-caption'>{''.join(items)}</ul>")
