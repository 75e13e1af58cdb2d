"""The names explorer (lesson 01): what each side calls a place, what English-language reporting calls it, why the
choice of name carries a position, and where the place is."""
from __future__ import annotations

import ipywidgets as widgets
import pandas as pd

from .. import ui
from ..data import load_table
from ..display import escape
from ..maps import CAUCASUS, distance_km, draw_countries
from ..style import HIGHLIGHT, MUTED, PALETTE, ChartPanel
from .kit import Explorer, View, source_ids_of

CARD_ROWS = [("Armenian usage", "armenian_usage"), ("Azerbaijani usage", "azerbaijani_usage"),
             ("English-language reporting", "english_name"), ("Other usage (UN, Russian, older texts)", "other_usage"),
             ("This course uses", "course_name"), ("Why the name matters", "why_it_matters")]


def short_name(usage: str) -> str:
    """The first name in a usage cell, without its explanation: "Shushi (Շուշի); ..." -> "Shushi"."""
    return usage.split(";")[0].split(" (")[0].split(",")[0].strip(" '")


def _card(place: pd.Series) -> str:
    cells = [(label, escape(place[column]) if isinstance(place[column], str) and place[column].strip()
              else "<i>(not recorded)</i>") for label, column in CARD_ROWS]
    cells.append(("Sources", f"<code>{escape(', '.join(f'[{s}]' for s in source_ids_of(place)))}</code>"))
    return "<table class='course-table course-names'>" + "".join(
        f"<tr><th style='width:13em'>{label}</th><td>{value}</td></tr>" for label, value in cells) + "</table>"


def names_explorer(place: str | None = None) -> Explorer:
    """Choose a place or term; see each side's name, the course's name and why it matters, and where it is."""
    table = load_table("place_names")
    capitals = table[table["kind"] == "capital city"]
    places = table[table["kind"] != "capital city"].set_index("place_id", drop=False)
    located = places.dropna(subset=["latitude", "longitude"])
    options = [(f"{row.english_name} ({row.kind})", row.place_id) for row in places.itertuples()]
    chooser = ui.make(widgets.Dropdown, options=options, value=place if place in places.index else options[0][1],
                      description="Place or term", style={"description_width": "initial"},
                      layout=dict(width="min(440px, 100%)"))
    card = ui.HTML()
    chart = ChartPanel(7.2, 4.3, margins={"left": 0.03, "right": 0.97, "bottom": 0.08, "top": 0.92})

    def static(ax) -> None:
        draw_countries(ax, CAUCASUS, highlight={"Armenia": "#E3EEF8", "Azerbaijan": "#FBEEDC"}, ticks=False)
        ax.scatter(located["longitude"], located["latitude"], s=22, c=MUTED, edgecolors="#666666", zorder=2)
        ax.set_title("Places in the names table (grey); the star is the one you chose")
        for capital in capitals.itertuples():
            ax.scatter([capital.longitude], [capital.latitude], s=40, c=PALETTE[0], marker="s", zorder=3)
            ax.annotate(capital.english_name, (capital.longitude, capital.latitude), xytext=(4, 4),
                        textcoords="offset points", fontsize=8)

    artists = chart.build(static, lambda ax: {
        "star": ax.scatter([], [], s=260, c=HIGHLIGHT, marker="*", edgecolors="black", linewidths=0.7, zorder=4),
        "label": ax.annotate("", (0, 0), xytext=(8, -14), textcoords="offset points", fontsize=8, fontweight="bold",
                             zorder=5, bbox={"boxstyle": "round", "fc": "white", "ec": HIGHLIGHT, "alpha": 0.9}),
        "note": ax.text(0.5, 0.04, "", transform=ax.transAxes, ha="center", fontsize=9, zorder=5,
                        bbox={"boxstyle": "round", "fc": "white", "ec": "#999999"})})

    def redraw(_view: View) -> str:
        chosen = places.loc[chooser.value]
        card.value = _card(chosen)
        names = f"Armenian usage: {chosen['armenian_usage']}; Azerbaijani usage: {chosen['azerbaijani_usage']}"
        is_point = pd.notna(chosen["latitude"])
        artists["star"].set_visible(is_point)
        artists["label"].set_visible(is_point)
        artists["note"].set_visible(not is_point)
        kind = f"{'an' if chosen['kind'][0] in 'aeiou' else 'a'} {chosen['kind']}"
        if not is_point:
            artists["note"].set_text(f"'{short_name(chosen['english_name'])}' is {kind}, not a point on the map")
            return (f"'{chosen['english_name']}' is {kind}, so the map marks only the places in the table for "
                    f"reference. {names}.")
        point = (chosen["longitude"], chosen["latitude"])
        artists["star"].set_offsets([point])
        artists["label"].xy = point
        artists["label"].set_text(f"{short_name(chosen['armenian_usage'])} (Armenian usage) /\n"
                                  f"{short_name(chosen['azerbaijani_usage'])} (Azerbaijani usage)")
        distances = " and ".join(f"{distance_km(*point[::-1], c.latitude, c.longitude):.0f} km from {c.english_name}"
                                 for c in capitals.itertuples())
        return (f"{chosen['course_name']} is marked with a star at {point[1]:.2f}°N, {point[0]:.2f}°E, about "
                f"{distances} (straight line). {names}.")

    notes = ([f"There is no place {place!r} in the names table; showing the first one. Choose from the list."]
             if place is not None and place not in places.index else [])
    return Explorer("names_explorer", ["place_names", "country_outlines"], {"place": chooser}, chart, redraw,
                    above=[card], notes=notes)
