"""The resolutions explorer (lesson 03): the UN and related texts that each side cites. Pick one to see its date,
body, vote, what it says in our words, the principle it invokes, and who cites it for what; the chart places it among
the others in date order, by who adopted it, and shows its vote where one was counted."""
from __future__ import annotations

import ipywidgets as widgets
import numpy as np
from matplotlib.lines import Line2D

from .. import ui
from ..data import field_values, load_table
from ..display import escape
from ..style import MUTED, PALETTE, ChartPanel, category_style, empty_message
from .kit import Explorer, Listing, View, date_text, format_date, source_ids_of

DEFAULT = "sc-822"
VOTE_ROWS = [("In favour", "votes_for", PALETTE[2], ""), ("Against", "votes_against", PALETTE[5], "xx"),
             ("Abstained", "votes_abstaining", MUTED, "..")]
CITATION_NOTE = "Source ids in square brackets are in the Sources list at the end of the lesson."


def _text(value) -> str:
    return value if isinstance(value, str) and value.strip() else ""


def _card(doc) -> str:
    rows = [("Text", f"<b>{escape(doc.title)}</b><br>{escape(doc.symbol)}"),
            ("Adopted by", escape(doc.body)), ("Date", format_date(doc.date, doc.date_precision)),
            ("Vote", escape(_text(doc.vote) or "not found in the sources used")),
            ("What it says (our words)", escape(doc.what_it_says))]
    if _text(doc.forces_named):
        rows.append(("Whose forces it names", escape(doc.forces_named)))
    rows += [("Principle it invokes", escape(doc.principle)), ("Cited by", escape(doc.cited_by)),
             ("Who cites it for what", escape(doc.how_cited))]
    if _text(doc.note):
        rows.append(("Note", escape(doc.note)))
    rows.append(("Sources", f"<code>{escape(', '.join(f'[{s}]' for s in source_ids_of(doc)))}</code>"))
    return ("<table class='course-table course-document'>" + "".join(
        f"<tr><th style='width:12em'>{label}</th><td>{value}</td></tr>" for label, value in rows) + "</table>"
        f"<p style='font-size:90%'><i>{CITATION_NOTE}</i></p>")


def _vote_share(doc) -> tuple[np.ndarray, np.ndarray] | None:
    """The counted votes (for, against, abstaining) and their shares in %, or None if no count was found."""
    counts = np.array([getattr(doc, column) for _, column, _, _ in VOTE_ROWS], dtype=float)
    if np.isnan(counts[0]):
        return None
    counts = np.nan_to_num(counts)
    return counts, 100 * counts / counts.sum()


def resolutions_explorer(document: str = DEFAULT) -> Explorer:
    """Choose a text; see what it says and who cites it, where it sits among the others, and its vote."""
    docs = load_table("un_documents").sort_values("date", kind="stable").reset_index(drop=True)
    by_id = {d.doc_id: d for d in docs.itertuples()}
    groups = field_values("un_documents", "body_group")
    principles = field_values("un_documents", "principle")
    styles = category_style(principles)
    x_of = dict(zip(docs["doc_id"], range(len(docs))))
    lane_of = docs["body_group"].map({g: i for i, g in enumerate(groups)}).to_numpy(dtype=float)
    options = [(f"{d.date.year} · {d.short_name}: {d.title[:60]}{'…' if len(d.title) > 60 else ''}", d.doc_id)
               for d in docs.itertuples()]
    start = document if document in by_id else DEFAULT
    chooser = ui.make(widgets.Dropdown, options=options, value=start, description="Text",
                      style={"description_width": "initial"}, layout=dict(width="min(620px, 100%)"))
    card = ui.HTML()
    chart = ChartPanel(7.6, 5.6, mosaic=[["time", "time"], ["vote", "key"]], width_ratios=(1.25, 1),
                       height_ratios=(2.3, 1), margins={"left": 0.21, "right": 0.97, "top": 0.9, "bottom": 0.09,
                                                        "wspace": 0.25, "hspace": 0.95})

    def static(axes) -> None:
        time, vote, key = axes
        time.set_xlim(-0.7, len(docs) - 0.3)
        time.set_ylim(len(groups) - 0.5, -0.5)
        time.set_yticks(range(len(groups)), [g.replace(" and ", " and\n", 1) if len(g) > 22 else g for g in groups],
                        fontsize=8)
        time.set_xticks(range(len(docs)), [f"{d.short_name} · {d.date.year}" for d in docs.itertuples()],
                        rotation=55, ha="right", rotation_mode="anchor", fontsize=8)
        time.grid(axis="x", visible=False)
        time.set_title("The texts in date order, by who adopted them (ring: the text you chose)", fontsize=10)
        for principle, (colour, marker) in styles.items():
            mine = (docs["principle"] == principle).to_numpy()
            time.scatter(np.flatnonzero(mine), lane_of[mine], s=60, c=colour, marker=marker, edgecolors="white",
                         linewidths=0.6, zorder=3)
        vote.set_xlim(0, 118)
        vote.set_ylim(len(VOTE_ROWS) - 0.5, -0.5)
        vote.set_yticks(range(len(VOTE_ROWS)), [label for label, _, _, _ in VOTE_ROWS], fontsize=8)
        vote.set_xticks([0, 25, 50, 75, 100])
        vote.set_xlabel("Share of the votes counted (%); the number is the votes", fontsize=8)
        vote.tick_params(labelsize=8)
        vote.grid(axis="y", visible=False)
        vote.set_title("The chosen text's vote", fontsize=10)
        key.axis("off")
        key.legend(handles=[Line2D([], [], color=colour, marker=marker, linestyle="", markersize=7, label=principle)
                            for principle, (colour, marker) in styles.items()],
                   title="Principle it invokes", title_fontsize=9, fontsize=8, loc="center left", frameon=False,
                   borderaxespad=0)
        chart.figure.suptitle(f"UN and related texts that the two sides cite, {docs['date'].dt.year.min()}–"
                              f"{docs['date'].dt.year.max()}", fontsize=12,
                              fontweight="bold")

    def dynamic(axes) -> dict:
        time, vote, _ = axes
        return {"band": time.axvspan(-0.45, 0.45, color="#F5C26B", alpha=0.35, zorder=0, linewidth=0),
                "ring": time.scatter([], [], s=300, facecolors="none", edgecolors="black", linewidths=1.8, zorder=4),
                "bars": [vote.barh(i, 0, height=0.6, color=colour, hatch=hatch, edgecolor="#444444",
                                   linewidth=0.6)[0] for i, (_, _, colour, hatch) in enumerate(VOTE_ROWS)],
                "numbers": [vote.text(0, i, "", va="center", fontsize=8) for i in range(len(VOTE_ROWS))],
                "no_vote": empty_message(vote, "No vote counted for this text")}

    artists = chart.build(static, dynamic)

    def redraw(_view: View) -> str:
        doc = by_id[chooser.value]
        x = x_of[doc.doc_id]
        artists["band"].set_x(x - 0.45)
        artists["ring"].set_offsets([[x, lane_of[x]]])
        card.value = _card(doc)
        shares = _vote_share(doc)
        for i, (bar, number) in enumerate(zip(artists["bars"], artists["numbers"])):
            bar.set_visible(shares is not None)
            number.set_visible(shares is not None)
            if shares is not None:
                counts, share = shares
                bar.set_width(share[i])
                number.set_position((share[i] + 2, i))
                number.set_text(f"{counts[i]:.0f}")
        artists["no_vote"].set_visible(shares is None)
        vote = _text(doc.vote) or "not found in the sources used"
        in_favour = f" ({shares[1][0]:.0f}% of the votes counted in favour)" if shares is not None else ""
        return (f"{doc.symbol}: {doc.body}, {date_text(doc.date, doc.date_precision)}. Vote: {vote}{in_favour}. "
                f"Principle it invokes: {doc.principle}. Cited by: {doc.cited_by}. It is text {x + 1} of "
                f"{len(docs)} in date order.")

    listing = Listing([("Date", lambda d: format_date(d.date, d.date_precision)),
                       ("Text", lambda d: f"<b>{escape(d.short_name)}</b>: {escape(d.title)}"),
                       ("Adopted by", lambda d: escape(d.body)), ("Vote", lambda d: escape(_text(d.vote))),
                       ("Principle", lambda d: escape(d.principle)), ("Cited by", lambda d: escape(d.cited_by))],
                      title="All the texts in the table")
    notes = ([f"There is no text {document!r} in the table of UN documents; showing resolution 822. Choose a text "
              "from the list."] if document not in by_id else [])
    return Explorer("resolutions_explorer", ["un_documents"], {"document": chooser}, chart, redraw, rows=docs,
                    listing=listing, below=[card], notes=notes)
