"""The place-names explorer: what each side calls a place, what English-language reporting calls it, and why the
choice of name carries a position."""
from __future__ import annotations

import html

import ipywidgets as widgets
import pandas as pd

from ..data import load_table
from ..maps import CAUCASUS, distance_km, draw_countries
from ..style import HIGHLIGHT, MUTED, PALETTE, ChartPanel
from .. import ui

REFERENCE = {"Yerevan": (40.1792, 44.4991), "Baku": (40.4093, 49.8671)}


def short_name(usage: str) -> str:
    """The first name in a usage cell, without its explanation: "Shushi (Շուշի); ..." -> "Shushi"."""
    return usage.split(";")[0].split(" (")[0].split(",")[0].strip(" '")


def _card(place: pd.Series) -> str:
    def cell(value) -> str:
        return html.escape(value) if isinstance(value, str) and value.strip() else "<i>(not recorded)</i>"

    sources = ", ".join(f"[{s}]" for s in dict.fromkeys([place["source_id"], place["check_source_id"]])
                        if isinstance(s, str))
    rows = [("Armenian usage", cell(place["armenian_usage"])),
            ("Azerbaijani usage", cell(place["azerbaijani_usage"])),
            ("English-language reporting", cell(place["english_name"])),
            ("Other usage (UN, Russian, older texts)", cell(place["other_usage"])),
            ("This course uses", f"<b>{cell(place['course_name'])}</b>"),
            ("Why the name matters", cell(place["why_it_matters"])),
            ("Sources", f"<code>{html.escape(sources)}</code>")]
    body = "".join(f"<tr><th style='text-align:left;vertical-align:top;width:14em'>{label}</th><td>{value}</td></tr>"
                   for label, value in rows)
    return f"<table class='course-table course-names'>{body}</table>"


def names_explorer(place: str | None = None) -> widgets.VBox:
    """Choose a place or term; see each side's name, the course's name and why it matters, and where it is."""
    places = load_table("place_names")
    located = places.dropna(subset=["latitude", "longitude"])
    options = [(f"{row.english_name} ({row.kind})", row.place_id) for row in places.itertuples()]
    ids = [value for _, value in options]
    start = place if place in ids else ids[0]
    chooser = ui.make(widgets.Dropdown, options=options, value=start, description="Place or term",
                               style={"description_width": "initial"}, layout=dict(width="480px"))
    card = ui.HTML()
    chart = ChartPanel(7.2, 4.3, margins={"left": 0.1, "bottom": 0.12, "top": 0.92})
    notice = ui.HTML()
    if place is not None and place not in ids:
        notice.value = (f"<p><i>There is no place {html.escape(str(place))!r} in the names table; showing the first "
                        "one. Choose from the list.</i></p>")

    def static(ax) -> None:
        draw_countries(ax, CAUCASUS, highlight={"Armenia": "#E3EEF8", "Azerbaijan": "#FBEEDC"}, ticks=False)
        ax.scatter(located["longitude"], located["latitude"], s=22, c=MUTED, edgecolors="#666666", zorder=2)
        for name, (lat, lon) in REFERENCE.items():
            ax.scatter([lon], [lat], s=40, c=PALETTE[0], marker="s", zorder=3)
            ax.annotate(name, (lon, lat), xytext=(4, 4), textcoords="offset points", fontsize=8)

    def dynamic(ax) -> dict:
        return {
            "star": ax.scatter([], [], s=260, c=HIGHLIGHT, marker="*", edgecolors="black", linewidths=0.7, zorder=4),
            "label": ax.annotate("", (0, 0), xytext=(8, -14), textcoords="offset points", fontsize=8,
                                 fontweight="bold", zorder=5,
                                 bbox={"boxstyle": "round", "fc": "white", "ec": HIGHLIGHT, "alpha": 0.9}),
            "title": ax.set_title(" "),
        }

    artists = chart.build(static, dynamic)

    def describe(chosen: pd.Series) -> str:
        names = f"Armenian usage: {chosen['armenian_usage']}; Azerbaijani usage: {chosen['azerbaijani_usage']}"
        if pd.isna(chosen["latitude"]):
            return (f"'{chosen['english_name']}' is a {chosen['kind']}, so the map marks only the places in the table "
                    f"for reference. {names}.")
        to_yerevan = distance_km(chosen["latitude"], chosen["longitude"], *REFERENCE["Yerevan"])
        to_baku = distance_km(chosen["latitude"], chosen["longitude"], *REFERENCE["Baku"])
        return (f"{chosen['course_name']} is marked with a star at {chosen['latitude']:.2f}°N, "
                f"{chosen['longitude']:.2f}°E, about {to_yerevan:.0f} km from Yerevan and {to_baku:.0f} km from "
                f"Baku (straight line). {names}.")

    def update(_change=None) -> None:
        chosen = places[places["place_id"] == chooser.value].iloc[0]
        card.value = _card(chosen)
        located_here = pd.notna(chosen["latitude"])
        artists["star"].set_visible(located_here)
        artists["label"].set_visible(located_here)
        if located_here:
            point = (chosen["longitude"], chosen["latitude"])
            artists["star"].set_offsets([point])
            artists["label"].xy = point
            artists["label"].set_text(f"{short_name(chosen['armenian_usage'])} (Armenian usage) /\n"
                                      f"{short_name(chosen['azerbaijani_usage'])} (Azerbaijani usage)")
            artists["title"].set_text(f"Where is {chosen['course_name']}?")
        else:
            artists["title"].set_text(f"{chosen['course_name']} is a {chosen['kind']}, not a point on the map")
        chart.show(describe(chosen))

    chooser.observe(update, names="value")
    update()
    box = ui.VBox([notice, chooser, card, chart.widget])
    box.add_class("course-explorer")
    box.controls = {"place": chooser}
    box.chart, box.card, box.update = chart, card, update
    return box
