"""The benchmark script runs and reports in the shape issue #4 asks for (its timings are not asserted here)."""
from __future__ import annotations

import importlib.util

from tests.conftest import ROOT


def load_benchmark():
    spec = importlib.util.spec_from_file_location("course_benchmark", ROOT / "benchmarks" / "run.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_benchmark_drives_every_explorer_with_controls():
    import course.explorers

    results = load_benchmark().explorers(changes=4)
    assert set(results) == set(course.explorers.__all__)
    for row in results.values():
        assert row["changes"] >= 1 and 0 < row["p50_ms"] <= row["p95_ms"] <= row["max_ms"]


def test_floor_keeps_only_the_lessons_import_lines():
    import nbformat

    notebook = nbformat.read(ROOT / "notebooks" / "02_soft_power.ipynb", as_version=4)
    lines = load_benchmark().import_lines(notebook).splitlines()
    assert lines and all(line.startswith(("from ", "import ")) for line in lines)
    assert "from course.explorers import recognition_explorer" in lines


def test_control_values_cover_sliders_and_choices():
    import ipywidgets as widgets

    values = load_benchmark().control_values
    assert values(widgets.IntSlider(min=0, max=24)) == [0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24]
    assert values(widgets.Dropdown(options=[("One", 1), ("Two", 2)])) == [1, 2]
    assert values(widgets.RadioButtons(options=["a", "b"])) == ["a", "b"]
    assert values(widgets.ToggleButton()) == [False, True]
    assert "" in values(widgets.Text()) and len(values(widgets.Text())) > 2
    assert (1991, 1995) in values(widgets.IntRangeSlider(min=1988, max=2026, value=(1988, 2026)))
