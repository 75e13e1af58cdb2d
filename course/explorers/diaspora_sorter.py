"""The diaspora sorter (lesson 02): sort diaspora cases as allies or opponents of their homeland government (or
mixed), then compare with the table's sorting and its reasons."""
from __future__ import annotations

import numpy as np
from matplotlib.patches import Patch

from .. import ui
from ..data import field_values, load_table
from ..display import escape
from ..style import PALETTE, ChartPanel
from ..timing import WORDS_PER_MINUTE, words
from .kit import Explorer, SortingBoard, View, source_ids_of

UNSURE = "not sorted yet"
SHORT = {"ally of homeland government": "ally", "opponent of homeland government": "opponent", "mixed": "mixed"}
KEY, PROMPT = "sort-diaspora-cases", "Sort the diaspora cases: ally of, opponent of, or mixed toward the homeland government"


def diaspora_sorter(lesson=None) -> Explorer:
    """Sort each case, then compare. With a `lesson`, the sorting is saved in its journal as the student goes and
    comes back when the cell runs again, like any other answer (and it is in the downloaded work file)."""
    cases = load_table("diaspora_cases")
    stances = field_values("diaspora_cases", "stance")
    board = SortingBoard(lesson, KEY, {c.case_id: f"<b>{escape(c.diaspora)}</b> in {escape(c.host_country)} "
                                               f"({escape(c.period)}): {escape(c.example)}" for c in cases.itertuples()},
                         stances, UNSURE, "Compare with the table")
    pickers = board.pickers
    answers = ui.HTML()
    labels, in_table = [SHORT[s] for s in stances] + ["not sorted"], [int((cases["stance"] == s).sum()) for s in stances]
    chart = ChartPanel(7.0, 2.9, margins={"left": 0.16, "bottom": 0.18, "right": 0.72})

    def static(ax) -> None:
        ax.set_yticks(range(len(labels)), labels)
        ax.invert_yaxis()
        ax.set_xlim(0, len(cases) + 0.5)
        ax.set_xlabel("Number of cases")
        ax.set_title("How the cases are sorted")

    def dynamic(ax) -> dict:
        y = np.arange(len(labels))
        table = list(ax.barh(y[:-1] + 0.2, in_table, height=0.4, color=PALETTE[1], hatch="//"))
        legend = ax.legend(handles=[Patch(facecolor=PALETTE[0], label="your sorting"),
                                    Patch(facecolor=PALETTE[1], hatch="//", label="the table's sorting")],
                           fontsize=8, frameon=False, loc="upper left", bbox_to_anchor=(1.01, 1.0))
        return {"mine": list(ax.barh(y - 0.2, np.zeros(len(y)), height=0.4, color=PALETTE[0])),
                "table": table + [legend]}

    artists = chart.build(static, dynamic)

    def redraw(_view: View) -> str:
        shown = board.shown
        chosen = [p.value for p in pickers.values()]
        for bar, n in zip(artists["mine"], [chosen.count(s) for s in stances] + [chosen.count(UNSURE)]):
            bar.set_width(n)
        for artist in artists["table"]:
            artist.set_visible(shown)
        done = len(cases) - chosen.count(UNSURE)
        lines = "".join(f"\n- {c.diaspora} in {c.host_country}: {pickers[c.case_id].value}"
                        for c in cases.itertuples() if pickers[c.case_id].value != UNSURE)
        board.save(f"Sorted {done} of {len(cases)} cases.{lines}", PROMPT)
        answers.value = _answers_html(cases, pickers) if shown else ""
        if not shown:
            return f"You have sorted {done} of {len(cases)} cases. Sort them all, then compare with the table."
        if not done:
            return (f"You have not sorted any of the {len(cases)} cases yet, so the chart shows only the table's "
                    "sorting. Try sorting a few before you read its reasons below.")
        agree = sum(pickers[c.case_id].value == c.stance for c in cases.itertuples())
        return (f"You agreed with the table on {agree} of the {done} cases you sorted ({len(cases)} in all); read its "
                "reasons below, especially where you disagree: a different answer with a good reason is worth "
                "discussing.")

    return Explorer("diaspora_sorter", ["diaspora_cases"], board.controls, chart, redraw,
                    arrangement=board.box, below=[answers],
                    effort_minutes=0.5 * len(cases) + sum(map(words, cases["reasons"])) / WORDS_PER_MINUTE)


def _answers_html(cases, pickers) -> str:
    items = []
    for case in cases.itertuples():
        mine = pickers[case.case_id].value
        verdict = "same as yours" if mine == case.stance else f"you chose: {escape(mine)}"
        items.append(f"<li><b>{escape(case.diaspora)}</b>: the table says <b>{escape(case.stance)}</b> ({verdict}). "
                     f"{escape(case.reasons)} Channels: {escape(', '.join(case.channels))}. "
                     f"<code>{escape(', '.join(f'[{s}]' for s in source_ids_of(case)))}</code></li>")
    return f"<ol class='course-sorter-answers'>{''.join(items)}</ol>"
