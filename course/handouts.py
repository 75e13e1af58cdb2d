"""`make handouts`: every lesson executed and exported as one self-contained HTML page, for students and instructors.

Each lesson runs in a fresh kernel with a private, empty work folder (so no student's answers appear) and without
stored widget state, so every question, explorer and list falls back to its static form (course/display.py).
The page keeps its images inline and loses every script and external link, so it reads offline, with no JavaScript
and no network, and can be uploaded to a learning-management system. The instructor edition shows every
self-check's right answer with the explanation of every option, and each reflection's teaching note.

    python -m course.handouts [--out build/handouts] [--lesson 01]
"""
from __future__ import annotations

import argparse
import os
import re
import sys
import tempfile
import time
from pathlib import Path

from .data import DATA_DIR, load_table

ROOT = DATA_DIR.parent
NOTEBOOKS = ROOT / "notebooks"
SCRIPT = re.compile(r"<script\b.*?</script>", re.DOTALL | re.IGNORECASE)
EXTERNAL_LINK_TAG = re.compile(r"<link\b[^>]*href=[\"']https?://[^>]*>", re.IGNORECASE)


def offline(page: str) -> str:
    """The page without scripts or external style sheets: nothing in it runs or reaches the network."""
    return EXTERNAL_LINK_TAG.sub("", SCRIPT.sub("", page))


def build(notebook: Path, instructor: bool) -> str:
    """One lesson, executed and exported as an offline HTML page."""
    import nbformat
    from nbclient import NotebookClient
    from nbconvert import HTMLExporter

    lesson = nbformat.read(notebook, as_version=4)
    with tempfile.TemporaryDirectory(prefix="course-handout-work-") as work:
        saved = {name: os.environ.get(name) for name in ("COURSE_WORK_DIR", "COURSE_SHOW_ANSWERS")}
        os.environ["COURSE_WORK_DIR"] = work
        os.environ["COURSE_SHOW_ANSWERS"] = "1" if instructor else "0"
        try:
            NotebookClient(lesson, kernel_name="python3", store_widget_state=False, timeout=600,
                           resources={"metadata": {"path": str(notebook.parent)}}).execute()
        finally:
            for name, value in saved.items():
                os.environ.pop(name, None) if value is None else os.environ.__setitem__(name, value)
    exporter = HTMLExporter(template_name="lab", exclude_input=True, exclude_input_prompt=True,
                            exclude_output_prompt=True)
    edition = "instructor edition (answers shown)" if instructor else "student handout"
    page, _ = exporter.from_notebook_node(lesson, resources={"metadata": {"name": f"{notebook.stem} ({edition})"}})
    return offline(page)


def write_all(out: Path, only: str | None = None) -> list[Path]:
    written = []
    for row in load_table("lessons").itertuples():
        if only and row.lesson_id != only.zfill(2):
            continue
        for instructor, folder in ((False, out), (True, out / "instructor")):
            folder.mkdir(parents=True, exist_ok=True)
            target = folder / f"{Path(row.notebook).stem}.html"
            started = time.perf_counter()
            target.write_text(build(NOTEBOOKS / row.notebook, instructor), encoding="utf-8")
            print(f"wrote {target.relative_to(ROOT) if target.is_relative_to(ROOT) else target} "
                  f"({target.stat().st_size / 1e6:.1f} MB, {time.perf_counter() - started:.1f} s)")
            written.append(target)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Build one offline HTML page per lesson, and an instructor edition.")
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "handouts")
    parser.add_argument("--lesson", help="only this lesson, e.g. 01")
    args = parser.parse_args(argv)
    write_all(args.out, args.lesson)
    return 0


if __name__ == "__main__":
    sys.exit(main())
