"""The vote explorer (lesson 04): how UN members voted on General Assembly resolution 62/243 (14 March 2008),
grouped by membership of the Non-Aligned Movement, of the OIC, by region or by seat on the 2020 Security Council,
with the states of a chosen group listed and outlined on a world map.

The map's outlines are drawn once, filled by each state's vote (colour plus hatching). A change of grouping or
group only recolours one layer over the map: a white veil over the states outside the chosen group and a dark edge
around the states in it (`PolyCollection.set_facecolor` / `set_edgecolor`). The group drop-down's values are the
group's place in its grouping (0, 1, ...), with "All states" as -1, so they stay valid when the grouping changes;
only their labels change (the kit has no drop-down that depends on another, so it is built here).
"""
from __future__ import annotations

import ipywidgets as widgets
import numpy as np
from matplotlib.artist import Artist
from matplotlib.collections import PolyCollection
from matplotlib.colors import to_rgba
from matplotlib.patches import Patch, Rectangle
from matplotlib.transforms import Bbox

from .. import ui
from ..data import DataError, field_values, load_table
from ..display import escape
from ..style import ChartPanel
from .kit import Explorer, Listing, View

# Okabe-Ito colours, and a hatch as the second cue for the two ways of not voting yes or no.
STYLE = {"yes": ("#0072B2", ""), "no": ("#D55E00", ""), "abstained": ("#E69F00", "///"),
         "absent": ("#BBBBBB", "\\\\\\"), "unknown": ("#FFFFFF", "xx")}
HATCH_INK = {"abstained": "#7A4F00", "absent": "#555555", "unknown": "#000000"}
NO_ROW = "#F2F2F2"
WORLD = (-180.0, 180.0, -58.0, 84.0)
ALL = -1
MAX_GROUPS = 5
GROUPINGS = ["NAM membership (2008)", "OIC membership (2008)", "UN region", "Security Council seat (2020)"]
COUNCIL_GROUPS = ["Permanent members", "Elected, NAM members", "Elected, not NAM members",
                  "Not on the Council"]


def _outlines() -> tuple[list[np.ndarray], list[str]]:
    """Every polygon of the Natural Earth outlines with the iso_a3 code of its country, in file order."""
    outlines = load_table("country_outlines")
    points = outlines[["longitude", "latitude"]].to_numpy()
    keys = list(zip(outlines["iso_a3"], outlines["part"]))
    starts = [0] + [i for i in range(1, len(keys)) if keys[i] != keys[i - 1]] + [len(keys)]
    return [points[a:b] for a, b in zip(starts, starts[1:])], [keys[a][0] for a in starts[:-1]]


def _groupings(votes, council) -> dict[str, tuple[list[str], np.ndarray]]:
    """For each grouping: its group names, and each row's group (an index into the names)."""
    seats = {}
    for member in council.itertuples():
        if member.member not in set(votes["country"]):
            raise DataError(f"security_council_2020.csv: member {member.member!r} has no row of the same name in "
                            "ga_62_243_votes.csv; use the name the vote table uses.")
        seats[member.member] = (0 if member.seat == "permanent" else 1 if member.nam_member else 2)
    regions = field_values("ga_62_243_votes", "region")
    return {
        GROUPINGS[0]: (["NAM members", "Not NAM members"], np.where(votes["nam_member_2008"], 0, 1)),
        GROUPINGS[1]: (["OIC members", "Not OIC members"], np.where(votes["oic_member_2008"], 0, 1)),
        GROUPINGS[2]: (regions, votes["region"].map({r: i for i, r in enumerate(regions)}).to_numpy()),
        GROUPINGS[3]: (COUNCIL_GROUPS, votes["country"].map(seats).fillna(3).astype(int).to_numpy()),
    }


class GroupChoice:
    """The "Show the states of" drop-down: a group of the current grouping, or all states. It filters the rows
    (the list under the chart) like the kit's filters do."""

    def __init__(self, groupings: dict, grouping: widgets.Dropdown):
        self.groupings, self.grouping = groupings, grouping
        self.widget = ui.make(widgets.Dropdown, options=self.options(), value=ALL, description="Show the states of",
                              style={"description_width": "initial"}, layout=dict(width="auto"))
        grouping.observe(self._regroup, names="value")  # before the kit's observer, so a redraw sees new labels

    def options(self) -> list[tuple[str, int]]:
        names, codes = self.groupings[self.grouping.value]
        return [("All states", ALL)] + [(f"{name} ({int((codes == i).sum())})", i) for i, name in enumerate(names)]

    def _regroup(self, _change) -> None:
        # New labels; the value goes back to "All states". The explorer redraws once for the new grouping, so it is
        # not told about this change of value as well.
        redraw = getattr(self, "explorer", None)
        if redraw is not None:
            self.widget.unobserve(redraw.update, names="value")
        self.widget.options = self.options()
        if redraw is not None:
            self.widget.observe(redraw.update, names="value")

    @property
    def chosen(self) -> str | None:
        value = self.widget.value
        return None if value == ALL else self.groupings[self.grouping.value][0][value]

    def mask(self) -> np.ndarray:
        names, codes = self.groupings[self.grouping.value]
        return np.ones(len(codes), dtype=bool) if self.widget.value == ALL else codes == self.widget.value

    def describe(self) -> str:
        return f"group '{self.chosen}'" if self.chosen else ""


def _member_of(row, council_seat: dict) -> str:
    parts = [name for name, flag in (("NAM", row.nam_member_2008), ("OIC", row.oic_member_2008)) if flag]
    if row.country in council_seat:
        parts.append(f"Security Council 2020 ({council_seat[row.country]})")
    return escape("; ".join(parts)) or "–"


def _tally(counts: dict, outcomes: list[str]) -> str:
    return ", ".join(f"{counts[v]} {v}" for v in outcomes if v != "unknown" or counts[v])


class Pixels(Artist):
    """Pixels drawn earlier and kept, pasted back in one step: the bar panel of each grouping is drawn once, when
    the explorer is built (its texts are what would make a redraw slow), and a redraw shows the kept pixels."""

    def __init__(self, figure):
        super().__init__()
        self.set_figure(figure)
        self.regions: dict = {}
        self.current = None

    def show(self, key) -> None:
        self.current = key

    def draw(self, renderer) -> None:
        if self.current in self.regions:
            renderer.restore_region(self.regions[self.current])


def _bar_panels(chart: ChartPanel, bars, groupings: dict, vote_of: np.ndarray, outcomes: list[str]) -> dict:
    """Draw the stacked bars of every grouping once over the chart's background and keep the pixels of the band
    they occupy (labels, bars and counts), one band per grouping."""
    canvas, figure = chart.canvas, chart.figure
    background = canvas.copy_from_bbox(figure.bbox)
    renderer = canvas.get_renderer()
    box = bars.get_window_extent(renderer)
    band = Bbox.from_extents(0, box.y0 - 2, figure.bbox.width, box.y1 + 2)
    regions = {}
    for grouping, (names, codes) in groupings.items():
        canvas.restore_region(background)
        drawn = []
        left = np.zeros(len(names))
        for i, name in enumerate(names):
            drawn.append(bars.text(-1.5, i, f"{name} ({int((codes == i).sum())})", ha="right", va="center",
                                   fontsize=9))
        for v in outcomes:
            counts = np.array([int(((codes == i) & (vote_of == v)).sum()) for i in range(len(names))])
            shares = 100 * counts / np.maximum(1, np.bincount(codes, minlength=len(names)))
            drawn.append(bars.add_collection(PolyCollection(
                [[(x, y - 0.38), (x + w, y - 0.38), (x + w, y + 0.38), (x, y + 0.38)]
                 for y, (x, w) in enumerate(zip(left, shares)) if w > 0],
                facecolors=STYLE[v][0], hatch=STYLE[v][1] or None, edgecolors=HATCH_INK.get(v, "white"),
                linewidths=0.6)))
            for y, (x, w, n) in enumerate(zip(left, shares, counts)):
                if w >= 5:
                    drawn.append(bars.text(x + w / 2, y, str(n), ha="center", va="center", fontsize=8,
                                           color="white" if v in ("yes", "no") else "black",
                                           bbox=None if v in ("yes", "no") else
                                           {"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.85}))
            left += shares
        for artist in drawn:
            figure.draw_artist(artist)
        regions[grouping] = canvas.copy_from_bbox(band)
        for artist in drawn:
            artist.remove()
    canvas.restore_region(background)
    return regions


def vote_explorer(group_by: str = GROUPINGS[0]) -> Explorer:
    """The recorded vote on resolution 62/243: stacked bars per group, the states of a chosen group, a world map."""
    votes = load_table("ga_62_243_votes")
    council = load_table("security_council_2020")
    outcomes = field_values("ga_62_243_votes", "vote")
    order = {v: i for i, v in enumerate(outcomes)}
    votes = (votes.assign(_order=votes["vote"].map(order)).sort_values(["_order", "country"], kind="stable")
             .drop(columns="_order").reset_index(drop=True))
    groupings = _groupings(votes, council)
    notes = [] if group_by in GROUPINGS else [f"There is no grouping {group_by!r}; showing '{GROUPINGS[0]}'. "
                                               f"Choose one of: {', '.join(GROUPINGS)}."]
    grouping = ui.make(widgets.Dropdown, options=GROUPINGS, value=group_by if group_by in GROUPINGS else GROUPINGS[0],
                       description="Group by", style={"description_width": "initial"}, layout=dict(width="auto"))
    group = GroupChoice(groupings, grouping)
    vote_of = votes["vote"].to_numpy()
    totals = {v: int((vote_of == v).sum()) for v in outcomes}
    seat_of = {m.member: ("permanent" if m.seat == "permanent" else "elected") for m in council.itertuples()}

    polygons, iso_of_polygon = _outlines()
    row_of_iso = {iso: i for i, iso in enumerate(votes["iso_a3"])}
    mapped = [i for i, iso in enumerate(iso_of_polygon) if iso in row_of_iso]
    polygon_row = np.array([row_of_iso[iso_of_polygon[i]] for i in mapped])
    unmapped = votes[~votes["iso_a3"].isin(set(iso_of_polygon))]

    chart = ChartPanel(7.6, 6.0)
    figure = chart.figure
    bars = figure.axes[0]
    world = figure.add_axes((0.01, 0.035, 0.98, 0.5))
    bars.set_position((0.31, 0.69, 0.5, 0.24))

    def static(_ax) -> None:
        bars.set_xlim(0, 100)
        bars.set_ylim(MAX_GROUPS - 0.5, -0.6)
        bars.set_yticks([])
        bars.set_xticks(range(0, 101, 20))
        bars.set_xlabel("Share of the group's UN member states (%); the numbers count states")
        bars.set_title("How each group voted on resolution 62/243 (14 March 2008)", loc="left", x=-0.56)
        bars.grid(axis="y", visible=False)
        bars.legend(handles=[Patch(facecolor=STYLE[v][0], hatch=STYLE[v][1], edgecolor=HATCH_INK.get(v, "white"),
                                   label=v) for v in outcomes if v != "unknown" or totals[v]],
                    loc="center left", bbox_to_anchor=(1.02, 0.5), frameon=False, fontsize=9, title="Vote",
                    title_fontsize=9)
        for v in outcomes:
            mine = [polygons[i] for i, r in zip(mapped, polygon_row) if vote_of[r] == v]
            if mine:
                world.add_collection(PolyCollection(mine, facecolors=STYLE[v][0], hatch=STYLE[v][1] or None,
                                                    edgecolors=HATCH_INK.get(v, STYLE[v][0]), linewidths=0))
        world.add_collection(PolyCollection([p for p, iso in zip(polygons, iso_of_polygon) if iso not in row_of_iso],
                                            facecolors=NO_ROW, edgecolors="#999999", linewidths=0.4))
        world.add_collection(PolyCollection([polygons[i] for i in mapped], facecolors="none", edgecolors="#666666",
                                            linewidths=0.35))
        lon_min, lon_max, lat_min, lat_max = WORLD
        world.set_xlim(lon_min, lon_max)
        world.set_ylim(lat_min, lat_max)
        world.set_aspect(1 / np.cos(np.radians((lat_min + lat_max) / 2)))
        world.set_xticks([])
        world.set_yticks([])
        world.grid(False)
        world.set_xlabel("Natural Earth outlines, 1:110m. Light grey: not a UN member in 2008. Too small to draw: "
                         "listed below the chart.", fontsize=8, color="#555555")
        world.set_title("How each UN member voted (the group you chose is outlined, the rest paled)", loc="left")
        for spine in world.spines.values():
            spine.set_visible(True)
            spine.set_edgecolor("#888888")

    def dynamic(_ax) -> dict:
        return {"panel": Pixels(figure),
                "chosen": bars.add_patch(Rectangle((0, 0), 100, 0.76, fill=False, edgecolor="black", linewidth=2.2,
                                                   clip_on=False)),
                "veil": world.add_collection(PolyCollection([polygons[i] for i in mapped], facecolors="none",
                                                            edgecolors="none", linewidths=1.0, antialiased=False))}

    artists = chart.build(static, dynamic)
    artists["panel"].regions = _bar_panels(chart, bars, groupings, vote_of, outcomes)
    clear, veil, ink = to_rgba("white", 0.0), to_rgba("white", 0.72), to_rgba("black", 1.0)
    outside = np.array([veil] * len(mapped))
    not_visible = ui.HTML()
    listed = ", ".join(f"{escape(r.country)} ({escape(r.vote)})" for r in unmapped.itertuples())
    tallies = {name: [{v: int(((codes == i) & (vote_of == v)).sum()) for v in outcomes} for i in range(len(names))]
               for name, (names, codes) in groupings.items()}

    def redraw(view: View) -> str:
        names, codes = groupings[grouping.value]
        artists["panel"].show(grouping.value)
        chosen = group.widget.value
        artists["chosen"].set_visible(chosen != ALL)
        artists["chosen"].set_y(chosen - 0.38)
        in_group = view.keep[polygon_row]
        artists["veil"].set_visible(chosen != ALL)
        artists["veil"].set_facecolor(np.where(in_group[:, None], clear, outside))
        artists["veil"].set_edgecolor(np.where(in_group[:, None], ink, clear))
        artists["veil"].set_linewidths(np.where(in_group, 1.2, 0.0))  # no stroke at all outside: strokes are costly

        hidden = unmapped[view.keep[unmapped.index]]
        mine = (f"<b>In this group but too small to see on the map:</b> "
                f"{', '.join(f'{escape(r.country)} ({escape(r.vote)})' for r in hidden.itertuples())}.<br>"
                if chosen != ALL and not hidden.empty else "")
        not_visible.value = (f"<p class='course-map-note' style='font-size:90%'>{mine}<b>Not visible on the map</b> "
                             f"(no outline at 1:110m), {len(unmapped)} states: {listed}.</p>")

        per_group = tallies[grouping.value]
        everyone = f"All {len(votes)} members: {_tally(totals, outcomes)}."
        by_group = "; ".join(f"{name}: {c['yes']} of {sum(c.values())} yes" for name, c in zip(names, per_group))
        if chosen == ALL:
            return f"Grouped by {grouping.value}. {by_group}. {everyone}"
        tally = per_group[chosen]
        n = sum(tally.values())
        return (f"{names[chosen]}: {n} states; {_tally(tally, outcomes)} ({round(100 * tally['yes'] / n)}% voted "
                f"yes). Grouped by {grouping.value}: {by_group}. {everyone}")

    listing = Listing([("State", lambda r: escape(r.country)),
                       ("Vote", lambda r: f"<b>{escape(r.vote)}</b>"),
                       ("Region", lambda r: escape(r.region)),
                       ("Member of", lambda r: _member_of(r, seat_of)),
                       ("Note", lambda r: escape(r.note) if isinstance(r.note, str) else "")],
                      title=f"The states of the group you chose, yes votes first (every row rests on the same record: "
                            f"{', '.join(f'[{i}]' for i in sorted(set(votes['source_id']) | set(votes['check_source_id'].dropna())))})",
                      with_sources=False)
    explorer = Explorer("vote_explorer", ["ga_62_243_votes", "security_council_2020", "country_outlines"],
                        {"grouping": grouping, "group": group}, chart, redraw, rows=votes, listing=listing,
                        below=[not_visible], notes=notes)
    group.explorer = explorer
    return explorer
