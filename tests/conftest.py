"""Shared test set-up: answers go to a temporary folder, kernels come from this environment, no network."""
from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
NOTEBOOKS = ROOT / "notebooks"

# Set before any kernel starts, so nbval and papermill kernels inherit them: student work from test runs never
# lands in the real work folder, and the kernel is this environment's Python, not some other "python3" kernel.
os.environ["COURSE_WORK_DIR"] = tempfile.mkdtemp(prefix="course-work-tests-")
os.environ["JUPYTER_PATH"] = str(Path(sys.prefix) / "share" / "jupyter")
os.environ.setdefault("MPLBACKEND", "Agg")
for name in [n for n in os.environ if n.startswith("BINDER_")]:
    del os.environ[name]


@pytest.fixture
def work_dir(tmp_path, monkeypatch):
    """A fresh, empty work folder for one test."""
    folder = tmp_path / "work"
    monkeypatch.setenv("COURSE_WORK_DIR", str(folder))
    return folder


@pytest.fixture
def data_copy(tmp_path):
    """A private copy of data/ that a test may break."""
    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    return target


def lesson_notebooks() -> list[Path]:
    return sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))


from tests.labserver import free_port  # noqa: E402,F401 - used by the tests that start JupyterLab
