"""The house style for every chart: a colour-blind-safe palette, titles, labelled axes, a text summary.

A chart panel keeps one matplotlib figure for its whole life and redraws only what changes (see ChartPanel). The
picture goes into an `ipywidgets.Image` and the one-line summary into an HTML widget, so the same code works in
JupyterLab, in nbval, in papermill and in tests.
"""
from __future__ import annotations

import base64
import html
import struct
import zlib

import ipywidgets as widgets
import matplotlib
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from . import ui

# Okabe & Ito (2008), "Color Universal Design": distinguishable with the common colour-vision deficiencies.
# Yellow comes last because it is hard to see on white.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#000000", "#F0E442"]
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

    Everything that never changes (axes, tick labels, legends, map outlines) is drawn once by `build`, and its
    pixels are kept. A redraw (`show`) pastes those pixels back and draws only the data artists on top, then
    encodes the PNG. Rendering text is most of matplotlib's cost, so this keeps a redraw far below 0.1 s.
    """

    def __init__(self, width_in: float = 7.6, height_in: float = 3.6, panels: int = 1,
                 width_ratios: tuple[float, ...] | None = None, margins: dict | None = None,
                 rows: int = 1, height_ratios: tuple[float, ...] | None = None, mosaic: list | None = None):
        # Fixed margins instead of constrained layout: a layout engine would re-measure every text on each draw.
        self.figure = Figure(figsize=(width_in, height_in), dpi=RC["figure.dpi"])
        self.figure.subplots_adjust(**{"left": 0.1, "right": 0.97, "bottom": 0.15, "top": 0.9, "wspace": 0.15,
                                       **(margins or {})})
        if mosaic:  # named panels, e.g. [["time", "time"], ["world", "europe"]]; axes in order of first mention
            named = self.figure.subplot_mosaic(mosaic, width_ratios=width_ratios, height_ratios=height_ratios)
            self.axes = tuple(named[name] for name in dict.fromkeys(n for row in mosaic for n in row))
        else:
            grid = self.figure.subplots(rows, panels, width_ratios=width_ratios, height_ratios=height_ratios,
                                        squeeze=False)
            self.axes = tuple(ax for row in grid for ax in row)
        self.ax = self.axes[0]
        self.canvas = FigureCanvasAgg(self.figure)
        self.dynamic: list = []
        self._background = None
        self.width_px = int(width_in * RC["figure.dpi"])
        self.image = ui.make(widgets.Image, format="png", layout=dict(width="100%", height="auto",
                                                                       max_width=f"{self.width_px}px"))
        self.image.add_class("course-chart")
        self.summary = ui.HTML()
        self.summary.add_class("course-chart-summary")
        self.widget = ui.VBox([self.image, self.summary])

    def build(self, paint_static, paint_dynamic):
        """Draw the static parts with `paint_static(ax)` and create the data artists with `paint_dynamic(ax)`.

        `paint_dynamic` returns the artists a redraw changes (a dict or list, nested one level at most); they are
        returned as given. With several panels both functions receive the tuple of axes.
        """
        target = self.ax if len(self.axes) == 1 else self.axes
        with matplotlib.rc_context(RC):
            paint_static(target)
            artists = paint_dynamic(target)
        groups = artists.values() if isinstance(artists, dict) else artists
        self.dynamic = [a for group in groups for a in (group.values() if isinstance(group, dict) else
                                                       group if isinstance(group, (list, tuple)) else [group])]
        for artist in self.dynamic:
            artist.set_animated(True)
        self.canvas.draw()
        self._background = self.canvas.copy_from_bbox(self.figure.bbox)
        return artists

    def show(self, summary: str) -> None:
        """Redraw the data artists over the kept background, and update the picture and the summary."""
        self.canvas.restore_region(self._background)
        for artist in self.dynamic:
            if artist.get_visible():
                self.figure.draw_artist(artist)
        self.image.value = png_bytes(self.canvas.buffer_rgba(), *self.canvas.get_width_height())
        self.summary.value = f'<p class="course-summary"><b>What the chart shows:</b> {html.escape(summary)}</p>'

    @property
    def summary_text(self) -> str:
        """The summary as plain text (for tests and screen readers)."""
        return html.unescape(self.summary.value.split("</b>", 1)[-1].removesuffix("</p>")).strip()

    def static_html(self) -> str:
        """The chart as it is now, as an image with its summary beside it, for pages read without a kernel."""
        encoded = base64.b64encode(self.image.value).decode("ascii")
        return (f'<figure class="course-figure" style="margin:0.5em 0"><img class="course-chart" '
                f'src="data:image/png;base64,{encoded}" alt="{html.escape(self.summary_text)}" '
                f'style="max-width:min(100%, {self.width_px}px);height:auto"><figcaption>{self.summary.value}'
                f'</figcaption></figure>')


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_bytes(rgba, width: int, height: int) -> bytes:
    """Encode an RGBA pixel buffer (as the Agg canvas holds it) as an RGB PNG.

    Written out here because it is the costliest step of a redraw: with no per-row filtering and fast zlib, it
    takes about half the time of Pillow's encoder at a similar size (measured in benchmarks/run.py).
    """
    pixels = np.frombuffer(rgba, dtype=np.uint8).reshape(height, width, 4)
    rows = np.empty((height, width * 3 + 1), dtype=np.uint8)
    rows[:, 0] = 0  # each row starts with filter type 0 (none)
    # One copy from RGBA into the rows, through a strided view of their RGB part.
    np.lib.stride_tricks.as_strided(rows[:, 1:], shape=(height, width, 3), strides=(rows.strides[0], 3, 1),
                                    writeable=True)[:] = pixels[:, :, :3]
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8-bit RGB, no interlacing
    return (b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", header) + _png_chunk(b"IDAT", zlib.compress(rows.tobytes(), 1))
            + _png_chunk(b"IEND", b""))


def empty_message(ax, message: str):
    """A hidden message in the middle of the axes, shown when a filter matches nothing."""
    return ax.text(0.5, 0.5, message, ha="center", va="center", fontsize=11, color="#333333", visible=False,
                   transform=ax.transAxes, bbox={"boxstyle": "round", "fc": "white", "ec": "#999999"})


# The course's own CSS. A lesson's start cell puts it in the page once, as plain HTML, for the questions and the work
# panel (which need the lesson, so that cell has run); each explorer carries a copy, so an explorer works in a cell
# of its own. Every copy is a style sheet the page must apply anew, so there are no more than these.
COURSE_CSS = """<style>
.course-box {max-width: 100%; box-sizing: border-box; overflow-x: hidden}
.course-box .widget-box, .course-box .widget-html, .course-box .widget-html-content {max-width: 100%;
  box-sizing: border-box}
.course-box .widget-html-content {white-space: normal; overflow-wrap: break-word; line-height: 1.45}
.course-nowrap {white-space: nowrap}
.course-table code, .course-table a {overflow-wrap: anywhere; word-break: break-all}
.course-box textarea {width: 100%; box-sizing: border-box; resize: vertical}
.course-box .widget-textarea {width: calc(100% - 6px) !important; box-sizing: border-box}
.course-box .widget-image {max-width: 100%}
.course-question .widget-radio-box label {display: flex; flex-direction: row-reverse; justify-content: flex-end;
  align-items: flex-start; height: auto; line-height: 1.35; padding: 3px 0}
.course-question .widget-radio-box input {float: none; flex: none; height: 1.35em; margin: 0 8px 0 1px}
.course-table {border-collapse: collapse; width: 100%; font-size: 90%}
.course-box a, .course-box a:link, .course-box a:visited {color: #0B5CAD; text-decoration: underline !important}
.course-table th, .course-table td {border-bottom: 1px solid #ddd; padding: 3px 6px; text-align: left;
  vertical-align: top}
.course-box.jupyter-widgets-disconnected {position: relative}
.course-box.jupyter-widgets-disconnected > * {opacity: 0.45}
.course-box.jupyter-widgets-disconnected::before {content: "Not connected: the lesson stopped running (a restart or a reload). What you type here now is NOT saved. Choose Run > Run All Cells to reconnect; your saved answers come back.";
  display: block; font-family: inherit; font-size: 14px; font-weight: bold; color: #7a2e00; background: #FBE9E7;
  border-left: 4px solid #D55E00; padding: 6px 10px; margin: 4px 0}
</style>"""


# After a page reload, JupyterLab shows "Error displaying widget: model not found" in every widget of a lesson whose
# kernel has ended (a restart, a crash, a Binder session that stopped). Nothing in Python runs then, so CSS in an
# output that is plain HTML (the lesson's first cell) adds the one action that helps beside each such box. A widget
# still loading shows text for a moment too, so the hint appears only after two seconds.
RELOAD_CSS = """<style>
@keyframes course-late {from {visibility: hidden} to {visibility: visible}}
.jp-OutputArea-output.jupyter-widgets:not(:has(*))::after {content: "This box belongs to a run of the lesson that has ended (after a restart or a reload). Choose Run > Run All Cells to bring it back: your saved answers come back with it.";
  display: block; margin-top: 4px; padding: 6px 10px; background: #FBE9E7; border-left: 4px solid #D55E00;
  color: #7a2e00; font-weight: bold; animation: course-late 0s 2s both}
</style>"""


def message_html(text: str, kind: str = "info") -> str:
    """A short coloured message box (info, warning or error) for use inside widgets."""
    colours = {"info": ("#E8F1FA", "#0072B2"), "warning": ("#FFF4E0", "#E69F00"), "error": ("#FBE9E7", "#D55E00"),
               "success": ("#E6F4EF", "#009E73")}
    background, border = colours[kind]
    return (f'<div class="course-message course-{kind}" style="background:{background};border-left:4px solid {border};'
            f'padding:6px 10px;margin:4px 0;line-height:1.4">{text}</div>')
