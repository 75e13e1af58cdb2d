"""The institutions explorer (lesson 05): what Azerbaijan's and Armenia's states, and three comparison states, built
for their diasporas and when, on a timeline by state and kind; below it, the counts of diaspora organisations that
officials announced."""
from __future__ import annotations

import textwrap

import ipywidgets as widgets
import numpy as np
from matplotlib.lines import Line2D
from matplotlib.markers import MarkerStyle

from .. import ui
from ..data import field_values, load_table
from ..display import escape
from ..style import MARKERS, PALETTE, ChartPanel, empty_message
from .kit import ChoiceFilter, Explorer, Listing, View, YearRange, decimal_year, format_date

BOTH = "Azerbaijan and Armenia"
ALL = "All five states"


class StateFilter:
    """A drop-down of states with two combined choices: the two states of the course, and all five."""

    def __init__(self, values, states: list[str], start: str = BOTH):
        self.values, self.states = np.asarray(list(values), dtype=object), states
        self.choices = {BOTH: states[:2], ALL: states, **{s: [s] for s in states}}
        self.widget = ui.make(widgets.Dropdown, options=list(self.choices), value=start if start in self.choices else BOTH,
                              description="States", style={"description_width": "initial"})

    @property
    def chosen(self) -> list[str]:
        return self.choices[self.widget.value]

    def mask(self) -> np.ndarray:
        return np.isin(self.values, self.chosen)

    def describe(self) -> str:
        return "" if self.widget.value == ALL else f"{self.widget.value}"


def _what_happened(event) -> str:
    single = "" if isinstance(event.check_source_id, str) else " <i>(one source only)</i>"
    note = f"<br><i>Note: {escape(event.note)}</i>" if isinstance(event.note, str) else ""
    return f"<b>{escape(event.event)}</b>{single}<br>{escape(event.what)}{note}"


def _more_than(row) -> str:
    return "more than " if "more than" in row.what_is_counted else ""


def institutions_explorer(first_year: int = 1946, last_year: int = 2023, state: str = BOTH) -> Explorer:
    """Diaspora institutions by state, kind and year, with the organisation counts officials announced."""
    events = load_table("diaspora_institutions").sort_values("date", kind="stable").reset_index(drop=True)
    counts = load_table("organisation_counts")
    states, kinds = field_values("diaspora_institutions", "state"), field_values("diaspora_institutions", "kind")
    colour = {s: PALETTE[i] for i, s in enumerate(states)}
    marker = {k: MARKERS[i] for i, k in enumerate(kinds)}
    years = YearRange(events["date"].dt.year, first_year, last_year, what="The table of diaspora institutions")
    controls = {"state": StateFilter(events["state"], states, state),
                "kind": ChoiceFilter("Kind", events["kind"], kinds, "All kinds", noun="kind"),
                "years": years}
    first, last = years.first, years.last
    x_of, lane_of = decimal_year(events["date"]), events["state"].map(states.index).to_numpy(dtype=float)
    shapes = {k: MarkerStyle(marker[k]) for k in kinds}
    shape_of = [shapes[k].get_path().transformed(shapes[k].get_transform()) for k in events["kind"]]
    fill = np.array([colour[s] if p == "day" else "white" for s, p in zip(events["state"], events["date_precision"])])
    edge = np.array([colour[s] for s in events["state"]])
    chart = ChartPanel(7.6, 5.1, mosaic=[["time"], ["counts"]], height_ratios=(1.6, 1),
                       margins={"left": 0.13, "right": 0.8, "top": 0.95, "bottom": 0.08, "hspace": 0.5})

    def static(axes) -> None:
        time, tally = axes
        time.set_yticks(range(len(states)), states)
        time.set_ylim(len(states) - 0.4, -0.6)
        time.set_xlim(first - 1.0, last + 1.6)
        time.grid(axis="y", visible=False)
        time.set_xlabel("Year (grey: outside the years you chose)")
        time.set_title("What each state built for its diaspora, and when")
        handles = [Line2D([], [], marker=marker[k], color="#555555", linestyle="", label=k) for k in kinds]
        handles.append(Line2D([], [], marker="o", color="#555555", markerfacecolor="white", linestyle="",
                              label="hollow: date known\nto the year or month"))
        time.legend(handles=handles, loc="center left", bbox_to_anchor=(1.01, 0.5), fontsize=7, frameon=False,
                    title="Kind of step", title_fontsize=7.5)
        _draw_counts(tally, counts, colour)

    def dynamic(axes) -> dict:
        time, _ = axes
        return {"shade": years.shade(time, first - 1.0, last + 1.6, offset=0),
                "points": time.scatter([], [], s=58, linewidths=1.2, zorder=3),
                "empty": empty_message(time, "No steps match these choices.\nWiden the years or choose 'All kinds'.")}

    artists = chart.build(static, dynamic)
    closing = _counts_sentence(counts)

    def redraw(view: View) -> str:
        points, mine = artists["points"], np.flatnonzero(view.keep)
        points.set_offsets(np.column_stack([x_of[mine], lane_of[mine]]))
        points.set_paths([shape_of[i] for i in mine])  # one collection, each point with its kind's shape
        points.set_facecolors(fill[mine])
        points.set_edgecolors(edge[mine])
        artists["empty"].set_visible(view.rows.empty)
        if view.rows.empty:
            return f"No steps {view.scope}. Widen the years, or choose 'All kinds' or another state. {closing}"
        per_state = view.rows["state"].value_counts()
        top = view.rows["kind"].value_counts()
        single = int(view.rows["check_source_id"].isna().sum())
        return (f"{len(view.rows)} steps {view.scope}: "
                + ", ".join(f"{per_state[s]} {s}" for s in states if s in per_state)
                + f". Most frequent kind: {top.index[0]} ({top.iloc[0]}). {single} of them {'rests' if single == 1 else 'rest'} on one source only. "
                + closing)

    listing = Listing([("Date", lambda e: format_date(e.date, e.date_precision)), ("State", lambda e: escape(e.state)),
                       ("What happened", _what_happened), ("Kind", lambda e: escape(e.kind))],
                      title="The steps shown")
    return Explorer("institutions_explorer", ["diaspora_institutions", "organisation_counts"], controls, chart,
                    redraw, rows=events, listing=listing)


def _draw_counts(ax, counts, colour) -> None:
    """The organisation counts as stated, drawn once: they do not change with the filters above."""
    ax.set_xlim(1999.5, 2024.5)
    ax.set_ylim(0, 1180)
    ax.set_ylabel("Organisations")
    ax.set_title("Diaspora organisations counted, as officials stated them", fontsize=10)
    styles = {("Azerbaijani", "worldwide", "official"): ("o", colour["Azerbaijan"], "Azerbaijani\nofficials, worldwide"),
              ("Azerbaijani", "worldwide", "scholar"): ("s", "white", "Rumyantsev,\nrepeating it"),
              ("Armenian", "one country", "official"): ("^", colour["Armenia"], "Armenian\nofficials, France"),
              ("Armenian", "schools only", "official"): ("D", colour["Armenia"], "Armenian officials,\nschools only")}
    edges = {"Azerbaijani": colour["Azerbaijan"], "Armenian": colour["Armenia"]}
    for (community, scope, who), (shape, face, label) in styles.items():
        rows = counts[(counts["community"] == community) & (counts["scope"] == scope) & (counts["who_stated"] == who)
                      & counts["count"].notna()]
        if rows.empty:
            continue
        ax.scatter(rows["year"], rows["count"], marker=shape, s=46, c=face, edgecolors=edges[community],
                   linewidths=1.2, zorder=3, label=label)
        labelled: set[int] = set()
        for row in rows.sort_values("count", ascending=False).itertuples():
            if who == "official":  # two counts in one year: the second label goes below its point
                below = row.year in labelled
                labelled.add(row.year)
                beside = community == "Armenian"  # to the right, clear of the Azerbaijani labels of the same years
                ax.annotate(f"{'>' if _more_than(row) else ''}{int(row.count):,}", (row.year, row.count),
                            xytext=(7, -3) if beside else (0, -12 if below else 7), textcoords="offset points",
                            ha="left" if beside else "center", fontsize=7)
    for row in counts[counts["count"].isna()].itertuples():  # a figure given without a number: a line and words
        ax.axvline(row.year, color=colour["Armenia"], linestyle=":", linewidth=1.2)
        ax.text(row.year - 0.3, 1150, "\n".join(textwrap.wrap(f"{row.community} diaspora, {row.year}: "
                                                              f"{row.what_is_counted} ({row.speaker})", 40)),
                ha="right", va="top", fontsize=7, color="#7a4a00")
    ax.legend(loc="center left", bbox_to_anchor=(1.01, 0.5), fontsize=7, frameon=False)


def _counts_sentence(counts) -> str:
    """What the lower panel shows, in words from the table."""
    series = counts[(counts["community"] == "Azerbaijani") & (counts["who_stated"] == "official")
                    & (counts["scope"] == "worldwide")].sort_values("year")
    first, last = next(series.itertuples()), list(series.itertuples())[-1]
    armenian = counts[(counts["community"] == "Armenian") & (counts["scope"] == "worldwide")]
    said = (f"Lower panel: Azerbaijani officials' worldwide counts of diaspora organisations went from "
            f"{_more_than(first)}{int(first.count):,} in {first.year} to {_more_than(last)}{int(last.count):,} in "
            f"{last.year}.")
    if armenian["count"].isna().all():
        row = next(armenian.itertuples())
        said += (f" No worldwide Armenian count is in the table: in {row.year} {row.speaker}, spoke of "
                 f"{row.what_is_counted}.")
    return said
