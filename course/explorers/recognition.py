"""The recognition explorer (lesson 02): acts of local, regional and national bodies on Nagorno-Karabakh's
recognition, by level and year, and where the bodies sit."""
from __future__ import annotations

import numpy as np
from matplotlib.collections import PolyCollection
from matplotlib.patches import Patch

from ..data import field_values, load_table
from ..display import escape
from ..maps import draw_countries
from ..style import PALETTE, ChartPanel, empty_message
from .kit import ChoiceFilter, Explorer, Listing, View, YearRange, format_date

HATCHES = ["", "//", "..", "xx"]
WORLD = (-130.0, 160.0, -48.0, 64.0)
EUROPE = (-6.0, 20.0, 36.0, 56.0)


def _act(act) -> str:
    vote = f" Vote: {escape(act.vote)}." if isinstance(act.vote, str) else ""
    response = (f"<br><i>National government: {escape(act.government_response)}</i>"
                if isinstance(act.government_response, str) else "")
    return (f"<b>{escape(act.body)}</b> ({escape(act.country)}, {escape(act.level)})<br>"
            f"{escape(act.kind.capitalize())}; binding: {'yes' if act.binding else 'no'}.{vote}{response}")


def recognition_explorer(first_year: int = 2012, last_year: int = 2024) -> Explorer:
    """Acts of local, regional and national bodies on Nagorno-Karabakh's recognition: by level, over time, on a map."""
    acts = load_table("recognition_acts").sort_values("date", kind="stable").reset_index(drop=True)
    levels = [name for name in field_values("recognition_acts", "level") if (acts["level"] == name).any()]
    colours = {name: PALETTE[i] for i, name in enumerate(levels)}
    years = YearRange(acts["date"].dt.year, first_year, last_year, what="The table of recognition acts")
    controls = {"level": ChoiceFilter("Level", acts["level"], levels, "All levels"),
                "kind": ChoiceFilter("Kind", acts["kind"], [k for k in field_values("recognition_acts", "kind")
                                                            if (acts["kind"] == k).any()], "All kinds"),
                "country": ChoiceFilter("Country", acts["country"], sorted(acts["country"].unique()), "All countries"),
                "years": years}
    span = np.arange(years.first, years.last + 1)
    year_index, level_of = (acts["date"].dt.year - years.first).to_numpy(), acts["level"].to_numpy()
    points = acts[["longitude", "latitude"]].to_numpy(dtype=float)
    chart = ChartPanel(7.6, 6.4, mosaic=[["time", "time"], ["world", "europe"]], width_ratios=(1.9, 1),
                       height_ratios=(1, 1.25), margins={"left": 0.08, "right": 0.98, "top": 0.95, "bottom": 0.07,
                                                         "hspace": 0.4, "wspace": 0.05})

    def static(axes) -> None:
        over_time, on_map, europe = axes
        over_time.set_xlim(years.first - 0.7, years.last + 0.7)
        over_time.set_ylim(0, acts.groupby(year_index).size().max() * 1.2 + 0.5)
        over_time.set_xticks(span[::2])
        over_time.yaxis.get_major_locator().set_params(integer=True)
        over_time.set_xlabel("Year (grey: outside the years you chose)")
        over_time.set_ylabel("Number of acts")
        over_time.set_title("Acts by level of the body, per year")
        over_time.legend(handles=[Patch(facecolor=colours[n], hatch=HATCHES[i], edgecolor="white", label=n)
                                  for i, n in enumerate(levels)], fontsize=8, frameon=False, loc="upper left")
        draw_countries(on_map, WORLD, label=False, ticks=False)
        on_map.set_title("Where the bodies sit")
        draw_countries(europe, EUROPE, label=False, ticks=False)
        europe.set_xlabel("")
        europe.set_title("Western Europe, enlarged")

    def dynamic(axes) -> dict:
        over_time, on_map, europe = axes
        return {"shade": years.shade(over_time, years.first - 0.7, years.last + 0.7),
                "bars": {n: over_time.add_collection(PolyCollection([], facecolors=colours[n], edgecolors="white",
                                                                    hatch=HATCHES[i])) for i, n in enumerate(levels)},
                "points": {(n, ax): ax.scatter([], [], s=30, c=colours[n], edgecolors="black", linewidths=0.4,
                                               zorder=3) for n in levels for ax in (on_map, europe)},
                "empty": empty_message(over_time, "No acts match these filters.\nWiden the years or choose 'All'.")}

    artists = chart.build(static, dynamic)

    def redraw(view: View) -> str:
        bottom = np.zeros(len(span))
        for name, bars in artists["bars"].items():
            counts = np.bincount(year_index[view.keep & (level_of == name)], minlength=len(span))
            bars.set_verts([[(x - 0.4, y0), (x + 0.4, y0), (x + 0.4, y0 + n), (x - 0.4, y0 + n)]
                            for x, y0, n in zip(span, bottom, counts) if n > 0])
            bottom += counts
        for (name, _), dots in artists["points"].items():
            dots.set_offsets(points[view.keep & (level_of == name) & ~np.isnan(points).any(axis=1)])
        artists["empty"].set_visible(view.rows.empty)
        governments = int((acts["level"] == "national government").sum())
        closing = f" Acts by national governments in the table: {governments}."
        if view.rows.empty:
            return f"No acts {view.scope}." + closing
        counts = view.rows["level"].value_counts()
        return (f"{len(view.rows)} acts {view.scope}: {', '.join(f'{counts[n]} {n}' for n in levels if n in counts)}, "
                f"in {view.rows['country'].nunique()} countries; {int(view.rows['binding'].sum())} of them binding on "
                "foreign policy." + closing)

    listing = Listing([("Date", lambda a: format_date(a.date, a.date_precision)), ("Body and act", _act)],
                      title="The acts shown")
    return Explorer("recognition_explorer", ["recognition_acts", "country_outlines"], controls, chart, redraw,
                    rows=acts, listing=listing)
