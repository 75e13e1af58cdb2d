"""The engagements explorer (lesson 04): the two campaigns of 2020 towards Asia, Africa, the Middle East and Latin
America on one timeline, by the side each engagement served and its kind, with third parties marked."""
from __future__ import annotations

import ipywidgets as widgets
import numpy as np
import pandas as pd
from matplotlib.collections import LineCollection
from matplotlib.colors import to_rgba_array
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from .. import ui
from ..data import field_values, load_table
from ..display import escape
from ..style import ChartPanel, empty_message
from .kit import ChoiceFilter, Explorer, Listing, View, format_date

# Two Okabe-Ito colours found in neither state's flag; the lane and the marker shape carry the same information.
SIDE_COLOURS = {"Azerbaijani side": "#CC79A7", "Armenian side": "#000000"}
MARKERS = ["o", "s", "^", "D", "v", "P", "X", "*", "h", "p"]
THIRD = "(third party)"
YEAR_START = pd.Timestamp("2020-01-01")
MONTHS = pd.date_range("2020-01-01", periods=13, freq="MS")
WAR = (pd.Timestamp("2020-09-27"), pd.Timestamp("2020-11-10"))


def _day(dates) -> np.ndarray:
    """Days since 1 January 2020 (0 to 365): a plain number axis, quicker to draw than dates."""
    return ((pd.to_datetime(dates) - YEAR_START) / pd.Timedelta(days=1)).to_numpy(dtype=float)


class ThirdParties:
    """A tick box: include the engagements of third parties (the OIC, other states' officials, a city legislature)
    or show only those of each side's own state and diaspora."""

    def __init__(self, is_third: np.ndarray, include: bool = True):
        self.is_third = is_third
        self.widget = ui.make(widgets.Checkbox, value=bool(include), description="Include third parties", indent=False,
                              layout=dict(width="auto"))

    def mask(self) -> np.ndarray:
        return np.ones(len(self.is_third), dtype=bool) if self.widget.value else ~self.is_third

    def describe(self) -> str:
        return "" if self.widget.value else "without third parties"


def _single(n: int) -> str:
    return f"{n} {'rests' if n == 1 else 'rest'} on a single source"


def _what(row) -> str:
    note = f"<br><i>Note: {escape(row.note)}</i>" if isinstance(row.note, str) else ""
    return f"{escape(row.what)}{note}"


def _sources(row) -> str:
    ids = [i for i in (row.source_id, row.check_source_id) if isinstance(i, str) and i]
    single = "" if isinstance(row.check_source_id, str) and row.check_source_id else " <b>single source</b>"
    return f"<code>{escape(', '.join(f'[{i}]' for i in ids))}</code>{single}"


def engagements_explorer(side: str = "Both sides", kind: str = "All kinds") -> Explorer:
    """Engagements of 2020 on a timeline, one lane per side served; filters for side, kind and third parties."""
    rows = load_table("engagements_2020").sort_values("date", kind="stable").reset_index(drop=True)
    sides = field_values("engagements_2020", "side")
    kinds = [k for k in field_values("engagements_2020", "kind") if (rows["kind"] == k).any()]
    marker_of = {k: MARKERS[i % len(MARKERS)] for i, k in enumerate(kinds)}
    is_third = rows["actor"].str.contains(THIRD, regex=False).to_numpy()
    controls = {"side": ChoiceFilter("Side", rows["side"], sides, "Both sides", start=side, noun="side"),
                "kind": ChoiceFilter("Kind", rows["kind"], kinds, "All kinds", start=kind, noun="kind"),
                "third": ThirdParties(is_third)}
    notes = [f"There is no side {side!r} in the table; showing both. Choose one of: {', '.join(sides)}."
             ] if side not in ["Both sides", *sides] else []
    notes += [f"There is no kind {kind!r} in the table; showing all kinds. Choose one of: {', '.join(kinds)}."
              ] if kind not in ["All kinds", *kinds] else []

    monthly = (rows["date_precision"] == "month").to_numpy()
    start = _day(rows["date"])
    end = _day(rows["date"] + pd.offsets.MonthBegin(1))
    x = np.where(monthly, (start + end) / 2, start + 0.5)
    lane = rows["side"].map({s: len(sides) - 1 - i for i, s in enumerate(sides)}).to_numpy(dtype=float)
    # Engagements close in time would hide one another on one line: each side's rows, in date order, take turns
    # on five levels across their lane.
    turn = rows.groupby("side").cumcount().to_numpy() % 5
    y = lane + (turn - 2) * 0.14
    colour = to_rgba_array(rows["side"].map(SIDE_COLOURS).to_list())
    white = to_rgba_array(["white"])
    kind_of = rows["kind"].to_numpy()
    month_of = rows["date"].dt.month.to_numpy()
    single = rows["check_source_id"].isna().to_numpy()
    chart = ChartPanel(7.6, 3.5, margins={"left": 0.21, "right": 0.76, "bottom": 0.15, "top": 0.88})

    def static(ax) -> None:
        ax.set_xlim(0, 366)
        ax.set_ylim(-0.6, len(sides) - 0.4)
        ax.set_yticks(range(len(sides)), list(reversed(sides)))
        ax.set_xticks(_day(MONTHS[:-1]) + 15, [m.strftime("%b") for m in MONTHS[:-1]])
        ax.set_xticks(_day(MONTHS), minor=True)
        ax.grid(axis="x", which="major", visible=False)
        ax.grid(axis="x", which="minor", visible=True, alpha=0.3)
        ax.set_xlabel("Date (2020). A faint bar: known only to the month")
        ax.set_ylabel("Side served")
        ax.set_title("Outreach beyond the West in 2020, by the side it served", loc="left", x=-0.2)
        war = _day(list(WAR))
        ax.axvspan(war[0], war[1] + 1, color="#E8E8E8", zorder=0, lw=0)
        ax.text(war[0] - 2, len(sides) - 0.48, "war (27 Sep–10 Nov)", fontsize=8, color="#555555", va="top",
                ha="right")
        handles = [Line2D([], [], marker=marker_of[k], color="#777777", linestyle="", label=k) for k in kinds]
        handles += [Patch(facecolor=SIDE_COLOURS[s], label=s) for s in sides]
        handles += [Line2D([], [], marker="o", markerfacecolor="white", markeredgecolor="#333333", linestyle="",
                           label="hollow: third party")]
        ax.legend(handles=handles, loc="center left", bbox_to_anchor=(1.01, 0.5), frameon=False, fontsize=8)

    def dynamic(ax) -> dict:
        return {"months": ax.add_collection(LineCollection([], linewidths=7, alpha=0.3, zorder=2)),
                "points": {k: ax.scatter([], [], s=55, marker=marker_of[k], linewidths=1.4, zorder=3) for k in kinds},
                "empty": empty_message(ax, "No engagements match these filters.\nChoose 'Both sides' or 'All kinds'.")}

    artists = chart.build(static, dynamic)

    def redraw(view: View) -> str:
        keep = view.keep
        for k, points in artists["points"].items():
            mine = keep & (kind_of == k)
            points.set_offsets(np.column_stack([x[mine], y[mine]]))
            points.set_facecolors(np.where(is_third[mine][:, None], white, colour[mine]))
            points.set_edgecolors(colour[mine])
        bars = keep & monthly
        artists["months"].set_segments([[(a, b), (c, b)] for a, c, b in zip(start[bars], end[bars], y[bars])])
        artists["months"].set_color(colour[bars])
        artists["empty"].set_visible(not keep.any())
        if not keep.any():
            return (f"No engagements match these filters{view.scope}. Choose 'Both sides' or 'All kinds', or include "
                    "third parties.")
        shown = view.rows
        served = shown["side"].value_counts()
        per_month = pd.Series(month_of[keep]).value_counts()
        busiest = per_month[per_month == per_month.max()].index.min()
        return (f"{len(shown)} of {len(rows)} engagements shown{view.scope}: "
                f"{', '.join(f'{served.get(s, 0)} served the {s}' for s in sides)}; "
                f"{int(is_third[keep].sum())} by third parties; {_single(int(single[keep].sum()))}. "
                f"Busiest month: {MONTHS[busiest - 1]:%B} ({int(per_month.max())}).")

    listing = Listing([("Date", lambda r: format_date(r.date, r.date_precision)),
                       ("Aimed at", lambda r: escape(r.state)),
                       ("Who acted", lambda r: escape(r.actor)),
                       ("Side served", lambda r: escape(r.side)),
                       ("Kind", lambda r: escape(r.kind)),
                       ("What happened", _what),
                       ("Sources", _sources)],
                      title="The engagements shown, in date order", with_sources=False)
    return Explorer("engagements_explorer", ["engagements_2020"], controls, chart, redraw, rows=rows,
                    listing=listing, notes=notes)
