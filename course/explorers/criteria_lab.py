"""The criteria lab (lesson 03): tick the conditions a right of remedial secession should require, and see which of
the comparison cases would qualify under them. A "no single right answer" exercise: the conditions are the student's
choice, so they are saved in the journal like any other answer and come back when the cell runs again."""
from __future__ import annotations

import ipywidgets as widgets
import numpy as np
import pandas as pd
from matplotlib.collections import PolyCollection
from matplotlib.colors import to_rgba
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from .. import ui
from ..data import load_table
from ..display import escape
from ..style import MUTED, PALETTE, ChartPanel, empty_message, message_html
from .kit import Explorer, Listing, View, format_date, static_html_of

# (key, what the student ticks, the column heading on the chart, the column of secession_cases)
CONDITIONS = [
    ("abuses", "Grave abuses documented", "Grave abuses\ndocumented", "grave_abuses_documented"),
    ("negotiations", "Negotiations exhausted", "Negotiations\nexhausted", "negotiations_exhausted"),
    ("referendum", "A referendum with a majority for independence", "Referendum:\nmajority for", "referendum"),
    ("consent", "The parent state's consent", "Parent state\nconsents", "parent_consent"),
]
MET, NOT_MET, CONTESTED, NO_DATA = "met", "not met", "contested", "no data in the table"
STATES = [MET, NOT_MET, CONTESTED, NO_DATA]
FILL = {MET: PALETTE[2], NOT_MET: "#FFFFFF", CONTESTED: PALETTE[1], NO_DATA: "#D9D9D9"}
SYMBOL = {MET: "$✓$", NOT_MET: "$✗$", CONTESTED: "$?$", NO_DATA: "$–$"}
COUNT_AS = ["not met", "met"]
KEY, PROMPT = "criteria-lab", "Criteria lab: which conditions should a right of remedial secession require?"
NOTE = ("<b>Not a legal finding.</b> The chart applies the conditions you tick to this table's coding of twelve cases. "
        "Cells marked <i>contested</i> are disputed by the parties or by the sources, and you decide how to count them. "
        "The table does not code whether a group is 'a people': that is itself disputed in most of these cases. Each "
        "case's note, in the list below, says who documented or disputes what.")


class CriteriaLab(Explorer):
    """The kit's Explorer, with its settings written out in words on pages read without a kernel. (The kit would
    show each tick box as "True" or "False", which next to a case's name reads like a claim about the case.)"""

    def __init__(self, *args, settings, **kwargs):
        self._settings = settings
        super().__init__(*args, **kwargs)

    def static_html(self) -> str:
        parts = [f"<p class='course-settings'><b>Explorer</b> (shown with {escape(self._settings())})</p>"]
        parts += [static_html_of(child, self.chart) for child in self.widget.children[2:]]
        return f"<div class='course-explorer'>{''.join(parts)}</div>"


def cell_state(condition: str, value) -> str:
    """How the table's cell for one condition reads: met, not met, contested, or no data."""
    if not isinstance(value, str) or not value.strip():
        return NO_DATA
    code = value.split(":", 1)[0].strip()
    if condition == "referendum":
        return {"yes (majority for)": MET, "yes (majority for, disputed)": CONTESTED}.get(code, NOT_MET)
    return {"yes": MET, "contested": CONTESTED, "no": NOT_MET}[code]


def _case_cell(case) -> str:
    return (f"<b>{escape(case.name)}</b> ({escape(case.parent_state)}, {case.year})<br>{escape(case.outcome)}")


def _coding_cell(case) -> str:
    lines = []
    for _, label, _, column in CONDITIONS:
        value = getattr(case, column)
        if not isinstance(value, str) or not value.strip():
            text = "<i>not in the table (see the note)</i>"
        else:
            code, _, detail = value.partition(": ")
            text = f"<b>{escape(code)}</b>" + (f" ({escape(detail)})" if detail else "")
        lines.append(f"{escape(label)}: {text}")
    return "<br>".join(lines)


def _recognition_cell(case) -> str:
    if case.un_member == "yes":
        return f"UN member since {format_date(case.recognised_as_of, 'day')}"
    count = case.un_recognitions if isinstance(case.un_recognitions, str) else "not found in the sources used"
    when = f" (as of {format_date(case.recognised_as_of, 'day')})" if pd.notna(case.recognised_as_of) else ""
    return f"UN members recognising: {escape(count)}{when}"


def criteria_lab(lesson=None) -> Explorer:
    """Tick conditions; see which cases meet all of them. With a `lesson`, the conditions are saved in its journal
    when the student changes something, and come back when the cell runs again."""
    cases = load_table("secession_cases").sort_values(["year", "name"], kind="stable").reset_index(drop=True)
    n = len(cases)
    states = np.array([[cell_state(key, getattr(case, column)) for key, _, _, column in CONDITIONS]
                       for case in cases.itertuples()], dtype=object)  # one row per case, one column per condition
    key = f"{lesson.lesson_id}-{KEY}" if lesson is not None else None
    saved = lesson.journal.answers.get(key, {}).get("choices", {}) if lesson is not None else {}
    boxes = {k: ui.make(widgets.Checkbox, value=saved.get(k) == "required", description=label, indent=False,
                        layout=dict(width="auto", margin="0 18px 0 0"))
             for k, label, _, _ in CONDITIONS}
    count_as = ui.make(widgets.Dropdown, options=COUNT_AS,
                       value=saved.get("contested") if saved.get("contested") in COUNT_AS else COUNT_AS[0],
                       description="Count 'contested' cells as", style={"description_width": "initial"},
                       layout=dict(width="auto"))
    arrangement = ui.VBox([ui.HTML("<b>Require</b> (tick the conditions a case must meet to qualify):"),
                           ui.HBox(list(boxes.values()), layout=dict(flex_flow="row wrap")), count_as])
    note = ui.HTML(message_html(NOTE, "info"))
    rows_y = np.arange(n)
    labels = [f"{case.name} ({case.year})" for case in cases.itertuples()]
    every = [(i, j) for i in range(n) for j in range(len(CONDITIONS))]
    plain = [(i, j) for i, j in every if states[i, j] != CONTESTED]
    contested_cells = [(i, j) for i, j in every if states[i, j] == CONTESTED]
    symbol_cells = {s: [(i, j) for i, j in every if states[i, j] == s] for s in STATES}
    chart = ChartPanel(7.6, 4.7, panels=2, width_ratios=(2.1, 1),
                       margins={"left": 0.27, "right": 0.97, "top": 0.88, "bottom": 0.2, "wspace": 0.08})

    def box(x0: float, x1: float, y: float, pad: float) -> list:
        return [(x0 + pad, y - 0.5 + pad), (x1 - pad, y - 0.5 + pad), (x1 - pad, y + 0.5 - pad),
                (x0 + pad, y + 0.5 - pad)]

    def static(axes) -> None:
        grid, bars = axes
        for ax in axes:
            ax.set_ylim(n - 0.5, -0.5)
            ax.grid(False)
        grid.set_xlim(0, len(CONDITIONS))
        grid.set_yticks(rows_y, labels, fontsize=9)
        grid.set_xticks(np.arange(len(CONDITIONS)) + 0.5, [heading for _, _, heading, _ in CONDITIONS], fontsize=8)
        grid.tick_params(length=0)
        grid.set_title("How the table codes each case", fontsize=10)
        for side in ("left", "bottom"):
            grid.spines[side].set_visible(False)
        bars.set_xlim(0, len(CONDITIONS) + 0.9)
        bars.set_xticks(range(len(CONDITIONS) + 1))
        bars.set_yticks(rows_y, [""] * n)
        bars.tick_params(axis="y", length=0)
        bars.set_xlabel("Required conditions met", fontsize=9)
        bars.set_title("Does it qualify?", fontsize=10)
        bars.grid(axis="x", visible=True)
        chart.figure.suptitle("Which cases meet the conditions you chose?", fontsize=12, fontweight="bold")
        chart.figure.legend(handles=[
            Patch(facecolor=FILL[MET], edgecolor="#555555", label="✓ met"),
            Patch(facecolor=FILL[NOT_MET], edgecolor="#555555", label="✗ not met"),
            Patch(facecolor=FILL[NO_DATA], edgecolor="#555555", label="– no data in the table"),
            Patch(facecolor=FILL[CONTESTED], edgecolor="#555555", label="? contested (green when counted as met)"),
            Line2D([], [], color="black", linestyle="--", label="number of conditions you require"),
            Line2D([], [], color="black", marker="*", markerfacecolor=PALETTE[2], markersize=10, linestyle="",
                   label="qualifies (framed on the left)")],
            loc="lower center", ncol=3, fontsize=8, frameon=False, handlelength=1.6, columnspacing=1.2)

    def dynamic(axes) -> dict:
        grid, bars = axes
        return {
            "cells": grid.add_collection(PolyCollection([box(j, j + 1, i, 0.06) for i, j in plain],
                                                        edgecolors="#888888", linewidths=0.5)),
            "contested": grid.add_collection(PolyCollection([box(j, j + 1, i, 0.06) for i, j in contested_cells],
                                                            linewidths=0.5)),
            "symbols": {s: grid.scatter([j + 0.5 for _, j in where], [i for i, _ in where], s=70, marker=SYMBOL[s],
                                        linewidths=0, zorder=3) for s, where in symbol_cells.items() if where},
            "frames": grid.add_collection(PolyCollection([box(0, len(CONDITIONS), i, 0.02) for i in rows_y],
                                                         facecolors="none", linewidths=1.8, zorder=4)),
            "yes": bars.add_collection(PolyCollection([], facecolors=PALETTE[2], edgecolors="black", linewidths=0.6)),
            "no": bars.add_collection(PolyCollection([], facecolors=MUTED, edgecolors="#666666", linewidths=0.6)),
            "stars": bars.scatter([], [], s=90, marker="*", c=PALETTE[2], edgecolors="black", linewidths=0.6,
                                  zorder=3),
            "needed": bars.axvline(0, color="black", linestyle="--", linewidth=1),
            "empty": empty_message(bars, "Tick one or\nmore conditions"),
        }

    artists = chart.build(static, dynamic)
    current = {"qualifies": np.zeros(n, dtype=bool), "required": [], "live": False}

    def shade(colour: str, on: bool) -> tuple:
        red, green, blue, _ = to_rgba(colour)
        return (red, green, blue, 1.0) if on else (red, green, blue, 0.22)

    def redraw(_view: View) -> str:
        required = [j for j, (k, _, _, _) in enumerate(CONDITIONS) if boxes[k].value]
        contested_met = count_as.value == "met"
        met = (states == MET) | ((states == CONTESTED) & contested_met)
        chosen = np.zeros(len(CONDITIONS), dtype=bool)
        chosen[required] = True
        shown = chosen if required else np.ones(len(CONDITIONS), dtype=bool)  # nothing ticked: show the coding
        artists["cells"].set_facecolor([shade(FILL[states[i, j]], shown[j]) for i, j in plain])
        artists["contested"].set_facecolor([shade(FILL[MET] if contested_met else FILL[CONTESTED], shown[j])
                                            for i, j in contested_cells])
        artists["contested"].set_edgecolor([shade("#555555", shown[j]) for i, j in contested_cells])
        for state, dots in artists["symbols"].items():
            dots.set_facecolor([shade("#222222", shown[j]) for i, j in symbol_cells[state]])
        counts = met[:, required].sum(axis=1) if required else np.zeros(n, dtype=int)
        qualifies = (counts == len(required)) if required else np.zeros(n, dtype=bool)
        current.update(qualifies=qualifies, required=required)
        artists["frames"].set_edgecolor([(0, 0, 0, 1.0 if q else 0.0) for q in qualifies])
        for name, mask in (("yes", qualifies), ("no", ~qualifies)):
            artists[name].set_verts([[(0, y - 0.32), (c, y - 0.32), (c, y + 0.32), (0, y + 0.32)]
                                     for y, c, m in zip(rows_y, counts, mask) if m and required])
        artists["stars"].set_offsets(np.column_stack([np.full(qualifies.sum(), len(required) + 0.45),
                                                      rows_y[qualifies]]) if required else np.empty((0, 2)))
        artists["needed"].set_xdata([len(required)] * 2)
        artists["needed"].set_visible(bool(required))
        artists["empty"].set_visible(not required)
        summary = _summary(cases, required, qualifies, count_as.value)
        if lesson is not None and current["live"]:
            lesson.journal.save(key, summary, PROMPT, kind="sorting",
                                choices={**{k: "required" if b.value else "not required" for k, b in boxes.items()},
                                         "contested": count_as.value})
        return summary

    listing = Listing([("Case", _case_cell), ("How the table codes it", _coding_cell),
                       ("Recognition", _recognition_cell),
                       ("Qualifies under your conditions?",
                        lambda c: ("<b>✓ qualifies</b>" if current["qualifies"][c.Index] else "does not qualify") if current["required"]
                        else "(tick a condition)"),
                       ("Note", lambda c: escape(c.note) if isinstance(c.note, str) else "")],
                      title="The cases, how the table codes them, and why", changing_cells=True)
    def settings() -> str:
        required = [label.lower() for k, label, _, _ in CONDITIONS if boxes[k].value]
        return (f"conditions required: {' + '.join(required) if required else 'none'}; 'contested' cells counted as "
                f"{count_as.value}")

    explorer = CriteriaLab("criteria_lab", ["secession_cases"], {**boxes, "contested": count_as}, chart, redraw,
                           rows=cases, listing=listing, arrangement=arrangement, below=[note], settings=settings)
    current["live"] = True  # from now on every redraw is a change the student made
    return explorer


def _summary(cases, required: list[int], qualifies: np.ndarray, counted: str) -> str:
    if not required:
        return (f"No condition ticked yet, so the chart shows how the table codes all {len(cases)} cases. Tick one "
                "or more conditions to see which cases would qualify.")
    names = [CONDITIONS[j][1].lower() for j in required]
    passing = list(cases.loc[qualifies, "name"])
    listed = ", ".join(passing) if passing else "none"
    return (f"With {len(required)} condition{'s' if len(required) > 1 else ''} required ({' + '.join(names)}) and "
            f"'contested' cells counted as {counted}, {len(passing)} of {len(cases)} cases qualify: {listed}.")
