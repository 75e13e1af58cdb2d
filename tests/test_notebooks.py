"""Whole lessons, executed as an instructor would run them: with other parameters (papermill), and converted to
pages that read without a kernel (nbconvert to HTML and Markdown)."""
from __future__ import annotations

import html
import json
import re

import pytest

from course.data import load_table
from course.quiz import load_bank
from course.timing import EXPLORER
from tests.conftest import NOTEBOOKS, lesson_notebooks

pytestmark = pytest.mark.slow
VARIANTS = [(r.notebook, r.variant) for r in load_table("lessons").itertuples() if isinstance(r.variant, str)]


def variant_parameters(variant: str) -> dict:
    pairs = (pair.split("=", 1) for pair in variant.split("; "))
    return {name: int(value) if value.lstrip("-").isdigit() else value for name, value in pairs}


def outputs(notebook: dict, mime: str) -> list[str]:
    return ["".join(o["data"][mime]) if isinstance(o["data"][mime], list) else o["data"][mime]
            for c in notebook["cells"] for o in c.get("outputs", []) if mime in o.get("data", {})]


@pytest.mark.parametrize("notebook, variant", VARIANTS, ids=[n for n, _ in VARIANTS])
def test_lesson_runs_with_other_parameters(tmp_path, notebook, variant):
    import papermill

    parameters = variant_parameters(variant)
    output = tmp_path / notebook
    papermill.execute_notebook(str(NOTEBOOKS / notebook), str(output), parameters=parameters, cwd=str(NOTEBOOKS),
                               kernel_name="python3", progress_bar=False)
    executed = json.loads(output.read_text(encoding="utf-8"))
    injected = [c for c in executed["cells"] if "injected-parameters" in c["metadata"].get("tags", [])]
    assert injected, "papermill found no cell tagged 'parameters'"
    for name, value in parameters.items():
        assert f"{name} = {value!r}" in "".join(injected[0]["source"])
    errors = [o for c in executed["cells"] for o in c.get("outputs", []) if o.get("output_type") == "error"]
    assert not errors
    pages = "\n".join(outputs(executed, "text/html"))
    if {"first_year", "last_year"} <= set(parameters):
        assert f"{parameters['first_year']}–{parameters['last_year']}" in pages, "the explorer shows the years asked for"


@pytest.fixture(scope="module")
def executed_lessons(tmp_path_factory):
    """Each lesson executed once in a fresh kernel, without stored widget state (as a static page is made)."""
    import nbformat
    from nbclient import NotebookClient

    done = {}
    for path in lesson_notebooks():
        notebook = nbformat.read(path, as_version=4)
        NotebookClient(notebook, kernel_name="python3", store_widget_state=False, timeout=300,
                       resources={"metadata": {"path": str(path.parent)}}).execute()
        done[path.name] = notebook
    return done


@pytest.mark.parametrize("name", [p.name for p in lesson_notebooks()])
def test_every_lesson_reads_completely_without_a_kernel(executed_lessons, name):
    from nbconvert import HTMLExporter, MarkdownExporter

    notebook = executed_lessons[name]
    page, _ = HTMLExporter().from_notebook_node(notebook)
    text, _ = MarkdownExporter().from_notebook_node(notebook)
    for converted in (page, text):
        assert not re.search(r"\b(VBox|HBox|Dropdown|RadioButtons|Textarea|IntRangeSlider|HTML|Image)\(", converted)
        assert "application/vnd.jupyter.widget-view" not in converted
        for q in load_bank().values():
            if q["lesson"] == name[:2]:
                assert q["prompt"] in html.unescape(converted), q["id"]
                for option in q.get("options", []):
                    assert option["text"] in html.unescape(converted), (q["id"], option["text"])
        figures = re.findall(r'<figure class="course-figure".*?</figure>', converted, flags=re.S)
        for figure in figures:
            assert re.search(r'<img [^>]*src="data:image/png;base64,[A-Za-z0-9+/=]{200,}"', figure)
            assert re.search(r'<img [^>]*alt="[^"]{20,}"', figure), "the chart's image carries its summary as alt text"
            assert re.search(r"<figcaption>.*What the chart shows:</b> [^<]{20,}", figure, flags=re.S)
        explorers = sum(bool(EXPLORER.search("".join(c.source))) for c in notebook.cells if c.cell_type == "code")
        assert len(figures) == explorers, f"{len(figures)} charts with summaries for {explorers} explorers"
        assert "class=\"course-sources\"" in converted
