"""The house style for every chart: a colour-blind-safe palette, titles, labelled axes, a text summary.

A chart panel keeps one matplotlib figure for its whole life and redraws it in place: making a new figure on every
change costs about twice as much (see docs/performance.md). The picture goes into an `ipywidgets.Image` and the
one-line summary into an HTML widget, so the same code works in JupyterLab, in nbval, in papermill and in tests.
"""
from __future__ import annotations

import html
import io

import ipywidgets as widgets
from matplotlib.figure import Figure

# Okabe & Ito (2008), "Color Universal Design": distinguishable with the common colour-vision deficiencies.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
# Shapes as a second cue, so no category depends on colour alone.
MARKERS = ["o", "s", "^", "D", "v", "P", "X", "*"]
HIGHLIGHT = "#D55E00"
MUTED = "#BBBBBB"

RC = {
    "font.size": 10, "axes.titlesize": 12, "axes.titleweight": "bold", "axes.labelsize": 10,
    "axes.spines.top": False, "axes.spines.right": False, "axes.grid": True, "grid.alpha": 0.3,
    "figure.dpi": 96, "savefig.dpi": 96,
}


def category_style(categories: list[str]) -> dict[str, tuple[str, str]]:
    """A fixed (colour, marker) pair for each category, in the order given."""
    return {c: (PALETTE[i % len(PALETTE)], MARKERS[i % len(MARKERS)]) for i, c in enumerate(categories)}


class ChartPanel:
    """A chart that redraws in place, with its one-line text summary underneath.

    `draw(paint, summary)` clears the axes, calls `paint(ax)`, renders the figure to PNG and shows it.
    """

    def __init__(self, width_in: float = 8.0, height_in: float = 3.6, alt: str = "chart"):
        self.figure = Figure(figsize=(width_in, height_in), layout="constrained")
        self.figure.set_layout_engine("constrained")
        self.ax = self.figure.add_subplot()
        self.image = widgets.Image(format="png", layout=widgets.Layout(width="100%", max_width=f"{int(width_in * 96)}px"))
        self.image.add_class("course-chart")
        self.summary = widgets.HTML(layout=widgets.Layout(width="100%"))
        self.summary.add_class("course-chart-summary")
        self.alt = alt
        self.widget = widgets.VBox([self.image, self.summary])

    def draw(self, paint, summary: str) -> None:
        import matplotlib

        with matplotlib.rc_context(RC):
            self.ax.clear()
            paint(self.ax)
            buffer = io.BytesIO()
            self.figure.savefig(buffer, format="png")
        self.image.value = buffer.getvalue()
        self.summary.value = f'<p class="course-summary"><b>What the chart shows:</b> {html.escape(summary)}</p>'

    @property
    def summary_text(self) -> str:
        """The summary as plain text (for tests and screen readers)."""
        return html.unescape(self.summary.value.split("</b>", 1)[-1].removesuffix("</p>")).strip()


def empty_state(ax, message: str) -> None:
    """Draw a friendly message where a chart would be, for a filter that matches nothing."""
    ax.set_axis_off()
    ax.text(0.5, 0.5, message, ha="center", va="center", wrap=True, fontsize=11, color="#333333",
            transform=ax.transAxes)


def message_html(text: str, kind: str = "info") -> str:
    """A short coloured message box (info, warning or error) for use inside widgets."""
    colours = {"info": ("#E8F1FA", "#0072B2"), "warning": ("#FFF4E0", "#E69F00"), "error": ("#FBE9E7", "#D55E00"),
               "success": ("#E6F4EF", "#009E73")}
    background, border = colours[kind]
    return (f'<div class="course-message course-{kind}" style="background:{background};border-left:4px solid {border};'
            f'padding:6px 10px;margin:4px 0;line-height:1.4">{text}</div>')
