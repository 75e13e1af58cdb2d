"""The recognition explorer (lesson 02): acts of local, regional and national bodies in the two diaspora campaigns
(recognising the NKR; Khojaly and Azerbaijan's territorial integrity), by level and year, and where the bodies sit."""
from __future__ import annotations

import numpy as np
from matplotlib.collections import PolyCollection
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from ..data import field_values, load_table
from ..display import escape
from ..maps import draw_countries
from ..style import PALETTE, ChartPanel, empty_message
from .kit import ChoiceFilter, Explorer, Listing, View, YearRange, format_date

HATCHES = ["", "//"]
MARKERS = ["o", "^", "s", "D"]
WORLD = (-130.0, 160.0, -48.0, 64.0)
EUROPE = (-6.0, 20.0, 36.0, 56.0)


def _act(act) -> str:
    vote = f" Vote: {escape(act.vote)}." if isinstance(act.vote, str) else ""
    response = (f"<br><i>National government: {escape(act.government_response)}</i>"
                if isinstance(act.government_response, str) else "")
    return (f"<b>{escape(act.body)}</b> ({escape(act.country)}, {escape(act.level)}; {escape(act.campaign)} campaign)<br>"
            f"{escape(act.kind.capitalize())}; binding: {'yes' if act.binding else 'no'}.{vote}{response}")


def recognition_explorer(first_year: int = 2011, last_year: int = 2024) -> Explorer:
    """Acts of local, regional and national bodies in both campaigns: by level, over time, on a map."""
    acts = load_table("recognition_acts").sort_values("date", kind="stable").reset_index(drop=True)
    levels = [name for name in field_values("recognition_acts", "level") if (acts["level"] == name).any()]
    shapes = {name: MARKERS[i] for i, name in enumerate(levels)}
    years = YearRange(acts["date"].dt.year, first_year, last_year, what="The table of recognition acts")
    campaigns = field_values("recognition_acts", "campaign")
    colours = {name: PALETTE[i] for i, name in enumerate(campaigns)}
    controls = {"campaign": ChoiceFilter("Campaign", acts["campaign"], campaigns, "Both campaigns"),
                "level": ChoiceFilter("Level", acts["level"], levels, "All levels"),
                "kind": ChoiceFilter("Kind", acts["kind"], [k for k in field_values("recognition_acts", "kind")
                                                            if (acts["kind"] == k).any()], "All kinds"),
                "country": ChoiceFilter("Country", acts["country"], sorted(acts["country"].unique()), "All countries"),
                "years": years}
    span = np.arange(years.first, years.last + 1)
    year_index, level_of = (acts["date"].dt.year - years.first).to_numpy(), acts["level"].to_numpy()
    campaign_of = acts["campaign"].to_numpy()
    points = acts[["longitude", "latitude"]].to_numpy(dtype=float)
    located = ~np.isnan(points).any(axis=1)
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
        over_time.set_title("Acts of the two campaigns, per year")
        over_time.legend(handles=[Patch(facecolor=colours[c], hatch=HATCHES[i], edgecolor="white", label=f"{c} campaign")
                                  for i, c in enumerate(campaigns)], fontsize=8, frameon=False, loc="upper left")
        on_map.legend(handles=[Line2D([], [], marker=shapes[n], color="#555555", linestyle="", label=n)
                               for n in levels], fontsize=7, frameon=False, loc="lower left", title="Level of the body",
                      title_fontsize=7)
        draw_countries(on_map, WORLD, label=False, ticks=False)
        on_map.set_title("Where the bodies sit")
        draw_countries(europe, EUROPE, label=False, ticks=False)
        europe.set_xlabel("")
        europe.set_title("Western Europe, enlarged")

    def dynamic(axes) -> dict:
        over_time, on_map, europe = axes
        return {"shade": years.shade(over_time, years.first - 0.7, years.last + 0.7),
                "bars": {c: over_time.add_collection(PolyCollection([], facecolors=colours[c], edgecolors="white",
                                                                    hatch=HATCHES[i])) for i, c in enumerate(campaigns)},
                "points": {(n, c, ax): ax.scatter([], [], s=30, c=colours[c], marker=shapes[n], edgecolors="black",
                                                  linewidths=0.4, zorder=3)
                           for n in levels for c in campaigns for ax in (on_map, europe)},
                "empty": empty_message(over_time, "No acts match these filters.\nWiden the years or choose 'All'.")}

    artists = chart.build(static, dynamic)

    def redraw(view: View) -> str:
        bottom = np.zeros(len(span))
        for name, bars in artists["bars"].items():
            counts = np.bincount(year_index[view.keep & (campaign_of == name)], minlength=len(span))
            bars.set_verts([[(x - 0.4, y0), (x + 0.4, y0), (x + 0.4, y0 + n), (x - 0.4, y0 + n)]
                            for x, y0, n in zip(span, bottom, counts) if n > 0])
            bottom += counts
        for (name, campaign, _), dots in artists["points"].items():
            dots.set_offsets(points[view.keep & (level_of == name) & (campaign_of == campaign) & located])
        artists["empty"].set_visible(view.rows.empty)
        governments = int((acts["level"] == "national government").sum())
        closing = f" Acts by national governments in the table: {governments}."
        if view.rows.empty:
            return f"No acts {view.scope}." + closing
        counts, sides = view.rows["level"].value_counts(), view.rows["campaign"].value_counts()
        return (f"{len(view.rows)} acts {view.scope}: {', '.join(f'{sides[c]} {c}' for c in campaigns if c in sides)}; "
                f"{', '.join(f'{counts[n]} {n}' for n in levels if n in counts)}; in {view.rows['country'].nunique()} "
                f"{'country' if view.rows['country'].nunique() == 1 else 'countries'}; {int(view.rows['binding'].sum())} of them binding on foreign policy." + closing)

    listing = Listing([("Date", lambda a: format_date(a.date, a.date_precision)), ("Body and act", _act)],
                      title="The acts shown")
    return Explorer("recognition_explorer", ["recognition_acts", "country_outlines"], controls, chart, redraw,
                    rows=acts, listing=listing)
