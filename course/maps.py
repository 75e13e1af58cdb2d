"""Locator maps drawn from the country outlines in data/country_outlines.csv (Natural Earth, 1:110m).

Outlines are a background for orientation only: at this scale a border is a few dozen points.
"""
from __future__ import annotations

import functools

import numpy as np
from matplotlib.collections import PolyCollection

from .data import load_table
from .style import MUTED

CAUCASUS = (43.0, 51.0, 38.0, 42.5)  # lon_min, lon_max, lat_min, lat_max


@functools.lru_cache(maxsize=None)
def _polygons() -> dict[str, list[np.ndarray]]:
    outlines = load_table("country_outlines")
    points = outlines[["longitude", "latitude"]].to_numpy()
    keys = list(zip(outlines["country"], outlines["part"]))
    starts = [0] + [i for i in range(1, len(keys)) if keys[i] != keys[i - 1]] + [len(keys)]
    polygons: dict[str, list[np.ndarray]] = {}
    for start, end in zip(starts, starts[1:]):
        polygons.setdefault(keys[start][0], []).append(points[start:end])
    return polygons


def draw_countries(ax, box=CAUCASUS, highlight: dict[str, str] | None = None, label: bool = True,
                   ticks: bool = True) -> None:
    """Draw country outlines inside `box` (lon_min, lon_max, lat_min, lat_max), filling `highlight` countries.

    Without `ticks` the axes carry no coordinate labels, only a note on where the outlines come from: a locator
    map reads better without them, and each tick label costs as much to draw as the whole map."""
    highlight = highlight or {}
    lon_min, lon_max, lat_min, lat_max = box
    shapes, faces = [], []
    for country, parts in _polygons().items():
        for poly in parts:
            if (poly[:, 0].max() < lon_min or poly[:, 0].min() > lon_max or poly[:, 1].max() < lat_min
                    or poly[:, 1].min() > lat_max):
                continue
            shapes.append(poly)
            faces.append(highlight.get(country, "#F2F2F2"))
    ax.add_collection(PolyCollection(shapes, facecolors=faces, edgecolors="#888888", linewidths=0.6, zorder=0))
    if label:
        for country in highlight:
            biggest = max(_polygons()[country], key=len)
            ax.text(*biggest.mean(axis=0), country.upper(), fontsize=8, color="#555555", ha="center",
                    va="center", zorder=1, alpha=0.8)
    ax.set_xlim(lon_min, lon_max)
    ax.set_ylim(lat_min, lat_max)
    ax.set_aspect(1 / np.cos(np.radians((lat_min + lat_max) / 2)))
    ax.grid(False)
    for spine in ax.spines.values():
        spine.set_visible(True)
        spine.set_edgecolor("#888888")
    if ticks:
        ax.set_xlabel("Longitude (°E)")
        ax.set_ylabel("Latitude (°N)")
    else:
        ax.set_xticks([])
        ax.set_yticks([])
        ax.set_xlabel("Country outlines: Natural Earth, 1:110m (simplified)", fontsize=8, color="#555555")


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dp, dl = p2 - p1, np.radians(lon2 - lon1)
    a = np.sin(dp / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    return float(6371.0 * 2 * np.arcsin(np.sqrt(a)))


__all__ = ["CAUCASUS", "MUTED", "draw_countries", "distance_km"]
