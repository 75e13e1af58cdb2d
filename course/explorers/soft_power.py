"""Explorers for lesson 02: recognition of Nagorno-Karabakh from below, and the homeland ally-or-opponent sorter."""
from __future__ import annotations

import html

import ipywidgets as widgets
import numpy as np
import pandas as pd
from matplotlib.collections import PolyCollection
from matplotlib.patches import Patch

from ..data import load_table
from ..maps import draw_countries
from ..style import PALETTE, ChartPanel, empty_message, message_html
from .timeline import _clamp_years, _schema_enum, format_date
from .. import ui

ALL_LEVELS = "All levels"
ALL_COUNTRIES = "All countries"
ALL_KINDS = "All kinds"
HATCHES = ["", "//", "..", "xx"]
WORLD = (-180.0, 180.0, -58.0, 75.0)


def acts_html(acts: pd.DataFrame) -> str:
    rows = []
    for act in acts.itertuples():
        sources = ", ".join(f"[{s}]" for s in dict.fromkeys([act.source_id, act.check_source_id]) if isinstance(s, str))
        vote = f" Vote: {html.escape(act.vote)}." if isinstance(act.vote, str) else ""
        response = (f"<br><i>National government: {html.escape(act.government_response)}</i>"
                    if isinstance(act.government_response, str) else "")
        rows.append(f"<tr><td style='white-space:nowrap'>{format_date(act.date, act.date_precision)}</td>"
                    f"<td><b>{html.escape(act.body)}</b> ({html.escape(act.country)}, {html.escape(act.level)})"
                    f"<br>{html.escape(act.kind.capitalize())}; binding: {'yes' if act.binding else 'no'}.{vote}"
                    f"{response}</td><td><code>{html.escape(sources)}</code></td></tr>")
    if not rows:
        return ""
    return ("<table class='course-table'><thead><tr><th>Date</th><th>Body and act</th><th>Sources</th></tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table>")


def recognition_explorer(first_year: int = 2012, last_year: int = 2024) -> widgets.VBox:
    """Acts of local, regional and national bodies on Nagorno-Karabakh's recognition: by level, over time, on a map."""
    acts = load_table("recognition_acts").sort_values("date", kind="stable").reset_index(drop=True)
    acts["year"] = acts["date"].dt.year
    first, last = int(acts["year"].min()), int(acts["year"].max())
    start, end, notes = _clamp_years(first_year, last_year, first, last)
    levels = _schema_enum("recognition_acts", "level")
    kinds = _schema_enum("recognition_acts", "kind")
    shown_levels = [name for name in levels if (acts["level"] == name).any()]
    colours = {name: PALETTE[i] for i, name in enumerate(levels)}
    span = np.arange(first, last + 1)
    level = ui.make(widgets.Dropdown, options=[ALL_LEVELS] + shown_levels, description="Level")
    kind = ui.make(widgets.Dropdown, options=[ALL_KINDS] + [k for k in kinds if (acts["kind"] == k).any()],
                   description="Kind")
    country = ui.make(widgets.Dropdown, options=[ALL_COUNTRIES] + sorted(acts["country"].unique()),
                      description="Country")
    years = ui.make(widgets.IntRangeSlider, value=(start, end), min=first, max=last, description="Years",
                                   continuous_update=False, layout=dict(width="420px"))
    chart = ChartPanel(10.5, 3.9, panels=2, width_ratios=(1, 1.25), margins={"left": 0.07, "right": 0.99})
    listing = ui.HTML(layout=dict(max_height="360px", overflow="auto", width="100%"))
    tallest = int(acts.groupby("year").size().max())

    def static(axes) -> None:
        over_time, on_map = axes
        over_time.set_xlim(first - 0.7, last + 0.7)
        over_time.set_ylim(0, tallest * 1.2 + 0.5)
        over_time.set_xticks(span[::2])
        over_time.yaxis.get_major_locator().set_params(integer=True)
        over_time.set_xlabel("Year (grey: outside the years you chose)")
        over_time.set_ylabel("Number of acts")
        over_time.set_title("Acts by level of the body")
        draw_countries(on_map, WORLD, label=False, ticks=False)
        # The legend sits under the map, where the shading of unselected years never covers it, so it can be
        # part of the background that is drawn once.
        on_map.legend(handles=[Patch(facecolor=colours[n], hatch=HATCHES[i], edgecolor="white", label=n)
                               for i, n in enumerate(levels) if n in shown_levels],
                      title="Level of the body (bars and dots)", fontsize=8, title_fontsize=8, ncols=3,
                      loc="upper center", bbox_to_anchor=(0.5, -0.04), frameon=False)
        on_map.set_title("Where the bodies sit")

    def dynamic(axes) -> dict:
        over_time, on_map = axes
        # One collection of rectangles per level: far cheaper to create and draw than one patch per bar.
        by_level.update({n: over_time.add_collection(PolyCollection([], facecolors=colours[n], edgecolors="white",
                                                                    hatch=HATCHES[i]))
                         for i, n in enumerate(levels) if n in shown_levels})
        return {
            "before": over_time.axvspan(first - 0.7, first - 0.7, color="#DDDDDD", alpha=0.8, lw=0),
            "after": over_time.axvspan(last + 0.7, last + 0.7, color="#DDDDDD", alpha=0.8, lw=0),
            "bars": list(by_level.values()),
            "points": {n: on_map.scatter([], [], s=30, c=colours[n], edgecolors="black", linewidths=0.4, zorder=3)
                       for n in shown_levels},
            "empty": empty_message(over_time, "No acts match these filters.\nWiden the years or choose 'All'."),
        }

    by_level: dict[str, PolyCollection] = {}
    artists = chart.build(static, dynamic)

    # Plain arrays for the redraw path: pandas indexing costs more than the drawing at this size.
    year_index = (acts["year"] - first).to_numpy()
    columns = {name: acts[name].to_numpy() for name in ("level", "kind", "country")}
    coordinates = acts[["longitude", "latitude"]].to_numpy(dtype=float)
    located = ~np.isnan(coordinates).any(axis=1)

    def mask() -> np.ndarray:
        low, high = years.value
        keep = (year_index >= low - first) & (year_index <= high - first)
        for control, column, everything in ((level, "level", ALL_LEVELS), (kind, "kind", ALL_KINDS),
                                            (country, "country", ALL_COUNTRIES)):
            if control.value != everything:
                keep &= columns[column] == control.value
        return keep

    def selection() -> pd.DataFrame:
        return acts[mask()]

    def describe(chosen: pd.DataFrame) -> str:
        low, high = years.value
        filters = [f"{name} '{control.value}'" for name, control, everything in
                   (("level", level, ALL_LEVELS), ("kind", kind, ALL_KINDS), ("country", country, ALL_COUNTRIES))
                   if control.value != everything]
        scope = f"from {low} to {high}" + (f" ({', '.join(filters)})" if filters else "")
        governments = acts[(acts["level"] == "national government") & (acts["kind"] == "recognition")]
        closing = (f" National governments in the table that recognised the Nagorno-Karabakh Republic: "
                   f"{len(governments)} — no UN member state did, not even Armenia.")
        if chosen.empty:
            return f"No acts {scope}." + closing
        counts = chosen["level"].value_counts()
        parts = ", ".join(f"{counts[name]} {name}" for name in levels if name in counts)
        return (f"{len(chosen)} acts {scope}: {parts}, in {chosen['country'].nunique()} countries; "
                f"{int(chosen['binding'].sum())} of them binding on foreign policy." + closing)

    def update(_change=None) -> None:
        keep = mask()
        chosen = acts[keep]
        low, high = years.value
        artists["before"].set_width(low - 0.5 - (first - 0.7))
        artists["after"].set_x(high + 0.5)
        artists["after"].set_width(last + 0.7 - (high + 0.5))
        bottom = np.zeros(len(span))
        for name, bars in by_level.items():
            of_level = keep & (columns["level"] == name)
            counts = np.bincount(year_index[of_level], minlength=len(span))
            bars.set_verts([[(x - 0.4, y0), (x + 0.4, y0), (x + 0.4, y0 + n), (x - 0.4, y0 + n)]
                            for x, y0, n in zip(span, bottom, counts) if n > 0])
            artists["points"][name].set_offsets(coordinates[of_level & located])
            bottom += counts
        artists["empty"].set_visible(chosen.empty)
        chart.show(describe(chosen))
        listing.value = acts_html(chosen)

    for control in (level, kind, country, years):
        control.observe(update, names="value")
    update()
    parts = [ui.HTML(message_html(html.escape(" ".join(notes)), "warning"))] if notes else []
    controls = ui.HBox([level, kind, country, years], layout=dict(flex_flow="row wrap"))
    box = ui.VBox(parts + [controls, chart.widget, ui.HTML("<b>The acts shown</b> (scroll for more):"),
                                listing])
    box.add_class("course-explorer")
    box.controls = {"level": level, "kind": kind, "country": country, "years": years}
    box.chart, box.listing, box.selection, box.update = chart, listing, selection, update
    return box


UNSURE = "not sorted yet"
SHORT = {"ally of homeland government": "ally", "opponent of homeland government": "opponent", "mixed": "mixed"}


SORTING_KEY = "sort-diaspora-cases"
SORTING_PROMPT = "Sort the diaspora cases: ally of, opponent of, or mixed toward the homeland government"


def diaspora_sorter(lesson=None) -> widgets.VBox:
    """Sort each diaspora case as an ally or an opponent of its homeland government (or mixed), then compare.

    With a `lesson`, the student's sorting is saved in its journal as they go and comes back when the cell runs
    again, like any other answer (and it is in the downloaded work file).
    """
    cases = load_table("diaspora_cases")
    stances = _schema_enum("diaspora_cases", "stance")
    key = f"{lesson.lesson_id}-{SORTING_KEY}" if lesson is not None else None
    saved = lesson.journal.answers.get(key, {}).get("choices", {}) if lesson is not None else {}
    pickers, rows = {}, []
    for case in cases.itertuples():
        start = saved.get(case.case_id) if saved.get(case.case_id) in stances else UNSURE
        picker = ui.make(widgets.Dropdown, options=[UNSURE] + stances, value=start, layout=dict(width="260px"))
        pickers[case.case_id] = picker
        text = ui.HTML(f"<b>{html.escape(case.diaspora)}</b> in {html.escape(case.host_country)} "
                            f"({html.escape(case.period)}): {html.escape(case.example)}",
                            layout=dict(width="100%"))
        rows.append(ui.HBox([picker, text], layout=dict(align_items="flex-start")))
    reveal = ui.make(widgets.Button, description="Compare with the table", button_style="primary", icon="eye",
                     layout=dict(width="auto"))
    chart = ChartPanel(7.5, 2.9, margins={"left": 0.16, "bottom": 0.18, "right": 0.74})
    answers = ui.HTML()
    revealed = {"on": False}
    labels = [SHORT[s] for s in stances] + ["not sorted"]
    y = np.arange(len(labels))
    in_table = [int((cases["stance"] == s).sum()) for s in stances] + [0]

    def static(ax) -> None:
        ax.set_yticks(y, labels)
        ax.invert_yaxis()
        ax.set_xlim(0, len(cases) + 0.5)
        ax.xaxis.get_major_locator().set_params(integer=True)
        ax.set_xlabel("Number of cases")
        ax.set_title("How the cases are sorted")

    def dynamic(ax) -> dict:
        mine = ax.barh(y - 0.2, np.zeros(len(y)), height=0.4, color=PALETTE[0])
        table = ax.barh(y + 0.2, in_table, height=0.4, color=PALETTE[1], hatch="//")
        legend = ax.legend(handles=[Patch(facecolor=PALETTE[0], label="your sorting"),
                                    Patch(facecolor=PALETTE[1], hatch="//", label="the table's sorting")],
                           fontsize=8, frameon=False, loc="upper left", bbox_to_anchor=(1.01, 1.0))
        for bar in table:
            bar.set_visible(False)
        legend.set_visible(False)
        return {"mine": list(mine), "table": list(table), "legend": legend}

    artists = chart.build(static, dynamic)

    def describe() -> str:
        done = [cid for cid, p in pickers.items() if p.value != UNSURE]
        if not revealed["on"]:
            return f"You have sorted {len(done)} of {len(cases)} cases. Sort them all, then compare with the table."
        if not done:
            return (f"You have not sorted any of the {len(cases)} cases yet, so the chart shows only the table's "
                    "sorting. Try sorting a few before you read its reasons below.")
        agree = sum(pickers[c.case_id].value == c.stance for c in cases.itertuples())
        return (f"You agreed with the table on {agree} of the {len(done)} cases you sorted ({len(cases)} in all); "
                "read its reasons below, especially where you disagree: a different answer with a good reason is "
                "worth discussing.")

    def save(_change=None) -> None:
        if lesson is None:
            return
        choices = {cid: p.value for cid, p in pickers.items() if p.value != UNSURE}
        lines = [f"{case.diaspora} in {case.host_country}: {pickers[case.case_id].value}"
                 for case in cases.itertuples() if case.case_id in choices]
        summary = f"Sorted {len(choices)} of {len(cases)} cases." + "".join(f"\n- {line}" for line in lines)
        lesson.journal.save(key, summary, SORTING_PROMPT, kind="sorting", choices=choices)
        lesson.refresh_download()

    def answers_html() -> str:
        items = []
        for case in cases.itertuples():
            mine = pickers[case.case_id].value
            verdict = "same as yours" if mine == case.stance else f"you chose: {html.escape(mine)}"
            sources = ", ".join(f"[{s}]" for s in dict.fromkeys([case.source_id, case.check_source_id])
                                if isinstance(s, str))
            items.append(f"<li><b>{html.escape(case.diaspora)}</b>: the table says <b>{html.escape(case.stance)}</b> "
                         f"({verdict}). {html.escape(case.reasons)} Channels: {html.escape(', '.join(case.channels))}."
                         f" <code>{html.escape(sources)}</code></li>")
        return f"<ol class='course-sorter-answers'>{''.join(items)}</ol>"

    def update(_change=None) -> None:
        counts = [sum(p.value == s for p in pickers.values()) for s in stances] + \
                 [sum(p.value == UNSURE for p in pickers.values())]
        for bar, n in zip(artists["mine"], counts):
            bar.set_width(n)
        for artist in artists["table"] + [artists["legend"]]:
            artist.set_visible(revealed["on"])
        chart.show(describe())
        if revealed["on"]:
            answers.value = answers_html()

    def on_reveal(_button=None) -> None:
        revealed["on"] = True
        update()

    for picker in pickers.values():
        picker.observe(update, names="value")
        picker.observe(save, names="value")
    reveal.on_click(on_reveal)
    update()
    box = ui.VBox([ui.VBox(rows), reveal, chart.widget, answers])
    box.add_class("course-explorer")
    box.controls = pickers
    box.reveal, box.chart, box.answers, box.update = reveal, chart, answers, update
    return box
