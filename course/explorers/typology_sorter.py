"""The typology sorter (lesson 05): place each diaspora in one of Robin Cohen's types, then compare with the reasoned
answers, which often defend more than one type for the same diaspora."""
from __future__ import annotations

import numpy as np
from matplotlib.lines import Line2D

from .. import ui
from ..data import field_values, load_table
from ..display import escape
from ..style import MUTED, PALETTE, ChartPanel
from ..timing import WORDS_PER_MINUTE, words
from .kit import Explorer, SortingBoard, View, source_ids_of

UNPLACED = "not placed yet"
KEY, PROMPT = "sort-cohen-types", "Place each diaspora in one of Cohen's types (or 'none fits well')"
REASON = {"victim": "reason_victim", "labour": "reason_labour", "imperial": "reason_imperial", "trade": "reason_trade",
          "deterritorialized": "reason_deterritorialized", "none fits well": "reason_none_fits"}
TICK = {"deterritorialized": "deterritor-\nialized", "none fits well": "none fits\nwell"}
SHOWN_AFTER_COMPARE = [*REASON.values(), "cohen_uses_case"]


def typology_sorter(lesson=None) -> Explorer:
    """Place each case in a type, then compare. With a `lesson`, the placings are saved in its journal as the student
    goes (only once something is placed) and come back when the cell runs again."""
    cases = load_table("diaspora_types")
    types = field_values("diaspora_types", "defensible_types")
    board = SortingBoard(lesson, KEY, {c.case_id: f"<b>{escape(c.diaspora)}</b>: {escape(c.description)}"
                                       for c in cases.itertuples()}, types, UNPLACED,
                         "Compare with the reasoned answers", width="190px")
    pickers = board.pickers
    answers = ui.HTML()
    defended = [set(c.defensible_types) for c in cases.itertuples()]
    grid = np.array([(x, y) for y, found in enumerate(defended) for x, t in enumerate(types) if t in found], dtype=float)
    chart = ChartPanel(7.4, 3.9, margins={"left": 0.25, "right": 0.98, "top": 0.8, "bottom": 0.1})

    def static(ax) -> None:
        ax.set_xlim(-0.5, len(types) - 0.5)
        ax.set_ylim(len(cases) - 0.5, -0.5)
        ax.set_xticks(range(len(types)), [TICK.get(t, t) for t in types], fontsize=8)
        ax.xaxis.tick_top()
        ax.set_yticks(range(len(cases)), [d.split(" (")[0].split(" and their")[0] for d in cases["diaspora"]], fontsize=8)
        ax.set_xticks(np.arange(len(types) + 1) - 0.5, minor=True)
        ax.set_yticks(np.arange(len(cases) + 1) - 0.5, minor=True)
        ax.grid(False)
        ax.grid(which="minor", color="#DDDDDD")
        ax.tick_params(which="minor", length=0)
        ax.figure.suptitle("Your placings and the defensible types (Cohen's types, 2008 edition)", fontweight="bold",
                           y=0.985)
        ax.legend(handles=[
            Line2D([], [], marker="s", color=MUTED, linestyle="", markersize=9, label="your placing"),
            Line2D([], [], marker="s", color=PALETTE[0], linestyle="", markersize=9, label="yours, and defensible"),
            Line2D([], [], marker="X", color=PALETTE[5], linestyle="", markersize=9, label="yours, not among them"),
            Line2D([], [], marker="o", color="black", markerfacecolor="none", linestyle="", markersize=13,
                   label="a defensible type")],
            loc="upper center", bbox_to_anchor=(0.35, -0.01), ncol=4, fontsize=7.5, frameon=False)

    def dynamic(ax) -> dict:
        return {"mine": ax.scatter([], [], s=110, marker="s", c=MUTED, zorder=3),
                "good": ax.scatter([], [], s=110, marker="s", c=PALETTE[0], zorder=3),
                "other": ax.scatter([], [], s=120, marker="X", c=PALETTE[5], zorder=3),
                "defended": ax.scatter(grid[:, 0], grid[:, 1], s=330, facecolors="none", edgecolors="black",
                                       linewidths=1.4, zorder=4)}

    artists = chart.build(static, dynamic)

    def redraw(_view: View) -> str:
        shown = board.shown
        chosen = [p.value for p in pickers.values()]
        placed = [(types.index(t), y) for y, t in enumerate(chosen) if t != UNPLACED]
        good = [(x, y) for x, y in placed if types[x] in defended[y]]
        other = [(x, y) for x, y in placed if types[x] not in defended[y]]
        artists["mine"].set_offsets(np.array(placed if not shown else [], dtype=float).reshape(-1, 2))
        artists["good"].set_offsets(np.array(good if shown else [], dtype=float).reshape(-1, 2))
        artists["other"].set_offsets(np.array(other if shown else [], dtype=float).reshape(-1, 2))
        artists["defended"].set_visible(shown)
        done = len(placed)
        lines = "".join(f"\n- {c.diaspora}: {pickers[c.case_id].value}" for c in cases.itertuples()
                        if pickers[c.case_id].value != UNPLACED)
        board.save(f"Placed {done} of {len(cases)} diasporas in Cohen's types.{lines}", PROMPT)
        answers.value = _answers_html(cases, pickers, types) if shown else ""
        several = sum(len(d) > 1 for d in defended)
        if not shown:
            return (f"You have placed {done} of {len(cases)} diasporas. Place them all, then press Compare: "
                    f"{several} of the {len(cases)} have more than one defensible answer.")
        if not done:
            return (f"You have not placed any of the {len(cases)} diasporas yet, so the chart shows only the defensible "
                    f"types (circled): {several} of the {len(cases)} diasporas have more than one. Try placing a few "
                    "before you read the reasons below.")
        return (f"{len(good)} of your {done} placings are among the defensible types (circled); {len(other)} "
                f"{'is' if len(other) == 1 else 'are'} not. "
                f"{several} of the {len(cases)} diasporas have more than one defensible type. Read the reasons below, "
                "especially where yours differs: a different answer with a good reason is worth discussing.")

    shown_words = sum(words(text) for column in SHOWN_AFTER_COMPARE for text in cases[column].dropna())
    return Explorer("typology_sorter", ["diaspora_types"], board.controls, chart, redraw,
                    arrangement=board.box, below=[answers],
                    effort_minutes=0.5 * len(cases) + shown_words / WORDS_PER_MINUTE)


def _answers_html(cases, pickers, types) -> str:
    items = []
    for case in cases.itertuples():
        mine = pickers[case.case_id].value
        verdict = ("you did not place it" if mine == UNPLACED else
                   f"you chose <b>{escape(mine)}</b>, one of them" if mine in case.defensible_types else
                   f"you chose <b>{escape(mine)}</b>, which the table does not defend: can you give a reason?")
        reasons = "".join(f"<li><b>{escape(t)}</b>: {escape(getattr(case, REASON[t]))}</li>"
                          for t in types if t in case.defensible_types and isinstance(getattr(case, REASON[t]), str))
        items.append(f"<li><b>{escape(case.diaspora)}</b>: defensible types "
                     f"<b>{escape(', '.join(t for t in types if t in case.defensible_types))}</b> ({verdict}).<ul>"
                     f"{reasons}</ul>Does Cohen use this case? {escape(case.cohen_uses_case)}. "
                     f"<code>{escape(', '.join(f'[{s}]' for s in source_ids_of(case)))}</code></li>")
    return f"<ol class='course-sorter-answers'>{''.join(items)}</ol>"
