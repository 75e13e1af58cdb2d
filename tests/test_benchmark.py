"""The benchmark script runs and reports in the shape issue #4 asks for (its timings are not asserted here)."""
from __future__ import annotations

import importlib.util

import pytest

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


def test_browser_budgets_name_each_explorer_and_lesson_over_them():
    from benchmarks import browser

    result = {"explorers": {"fast": {"p95_ms": 60.0}, "slow": {"p95_ms": 130.0}},
              "lessons": {"00.ipynb": {"ratio": 1.2}, "05.ipynb": {"ratio": 1.7}}}
    assert browser.missed_budgets(result) == ["slow in-page redraw", "05.ipynb Run All"]
    assert browser.missed_budgets({"skipped": "no Chromium"}) == []
    assert browser.percentile([float(n) for n in range(1, 31)], 0.95) == 29.0  # of 30 changes, the second slowest


@pytest.mark.slow
def test_browser_section_measures_a_lesson_in_the_page():
    """One lesson, one opening, three changes per explorer: the figures have the shape `make bench` reports."""
    from benchmarks import browser

    if browser.missing_browser():
        pytest.skip(browser.missing_browser())
    result = browser.measure(changes=3, only=["00"], rounds=1)
    lesson = result["lessons"]["00_start_here.ipynb"]
    assert lesson["explorers"] == 1 and 0 < lesson["bare_kernel_s"] and 0 < lesson["run_all_s"] < 60
    row = result["explorers"]["sources_explorer"]
    assert row["changes"] == 3 and 0 < row["p50_ms"] <= row["p95_ms"] <= row["max_ms"] < 5000
    assert 1000 < row["bytes_p50"] <= row["bytes_max"]  # a new chart reached the page with each change
