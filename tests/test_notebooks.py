"""Whole lessons run with parameters (papermill), as an instructor would run them for a class."""
from __future__ import annotations

import json

import pytest

from tests.conftest import NOTEBOOKS

pytestmark = pytest.mark.slow


def widget_states(notebook: dict) -> list[dict]:
    state = notebook["metadata"]["widgets"]["application/vnd.jupyter.widget-state+json"]["state"]
    return [model["state"] for model in state.values()]


def test_lesson_01_runs_with_a_chosen_period(tmp_path):
    import papermill

    output = tmp_path / "01-2020s.ipynb"
    papermill.execute_notebook(str(NOTEBOOKS / "01_diasporas_and_the_conflict.ipynb"), str(output),
                               parameters={"start_year": 2020, "end_year": 2023}, cwd=str(NOTEBOOKS),
                               kernel_name="python3", progress_bar=False)
    notebook = json.loads(output.read_text(encoding="utf-8"))
    injected = [c for c in notebook["cells"] if "injected-parameters" in c["metadata"].get("tags", [])]
    assert injected and "start_year = 2020" in "".join(injected[0]["source"])
    states = widget_states(notebook)
    sliders = [s for s in states if s.get("_model_name") == "IntRangeSliderModel"]
    assert [2020, 2023] in [s["value"] for s in sliders]
    summaries = [s["value"] for s in states if "What the chart shows" in str(s.get("value", ""))]
    assert any("from 2020 to 2023" in text for text in summaries)
    errors = [o for c in notebook["cells"] for o in c.get("outputs", []) if o.get("output_type") == "error"]
    assert not errors



def test_lesson_02_runs_with_a_chosen_period(tmp_path):
    import papermill

    output = tmp_path / "02-2020.ipynb"
    papermill.execute_notebook(str(NOTEBOOKS / "02_soft_power.ipynb"), str(output),
                               parameters={"first_year": 2020, "last_year": 2020}, cwd=str(NOTEBOOKS),
                               kernel_name="python3", progress_bar=False)
    states = widget_states(json.loads(output.read_text(encoding="utf-8")))
    summaries = [s["value"] for s in states if "What the chart shows" in str(s.get("value", ""))]
    assert any("acts from 2020 to 2020" in text for text in summaries)
