"""The chart house style: the PNG a chart panel sends is exactly what matplotlib drew."""
from __future__ import annotations

import io

import matplotlib.image
import numpy as np

from course.style import ChartPanel, png_bytes


def test_png_bytes_decode_to_the_canvas_pixels():
    panel = ChartPanel(3.0, 2.0)

    def static(ax):
        ax.set_title("A title")
        ax.set_xlabel("x")

    panel.build(static, lambda ax: ax.plot([0, 1, 2], [2, 0, 1], color="#0072B2"))
    panel.show("A line that falls, then rises.")
    width, height = panel.canvas.get_width_height()
    drawn = np.asarray(panel.canvas.buffer_rgba())[:, :, :3]
    decoded = matplotlib.image.imread(io.BytesIO(panel.image.value), format="png")
    assert decoded.shape == (height, width, 3)
    assert np.array_equal(np.round(decoded * 255).astype(np.uint8), drawn)
    assert panel.summary_text == "A line that falls, then rises."


def test_png_bytes_of_a_known_image():
    rgba = np.zeros((2, 3, 4), dtype=np.uint8)
    rgba[0, 0] = (213, 94, 0, 255)
    decoded = matplotlib.image.imread(io.BytesIO(png_bytes(rgba.tobytes(), 3, 2)), format="png")
    assert decoded.shape == (2, 3, 3)
    assert np.array_equal(np.round(decoded[0, 0] * 255), [213, 94, 0]) and not decoded[1].any()
