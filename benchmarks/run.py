"""`make bench`: how fast every explorer redraws, and what the lessons cost beyond starting their kernels.

Budgets (issue #4): every explorer's 95th-percentile redraw at most 50 ms (half the 0.1 s at which a response
stops feeling instant), and all lessons together at most 1.3 times the floor: the same number of fresh kernels
that only run the lessons' import lines. Writes build/benchmark.json and prints a table. Exits 1 if a budget is
missed, so it can gate a change. A benchmark, not a test: timings depend on the machine.
"""
from __future__ import annotations

import argparse
import itertools
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("COURSE_WORK_DIR", tempfile.mkdtemp(prefix="course-bench-"))
os.environ["JUPYTER_PATH"] = str(Path(sys.prefix) / "share" / "jupyter")

from benchmarks.browser import percentile  # noqa: E402 - needs the repository on sys.path first

EXPLORER_BUDGET_MS = 50.0
NOTEBOOK_RATIO_BUDGET = 1.3


def control_values(control) -> list:
    """The values a student could give a control: every option, or a sweep over a slider's range."""
    import ipywidgets as widgets

    if isinstance(control, widgets.IntRangeSlider):
        low, high = control.min, control.max
        return [(a, b) for a in range(low, high + 1, 3) for b in (high, min(high, a + 4)) if a <= b]
    if isinstance(control, (widgets.ToggleButton, widgets.Checkbox)):
        return [False, True]
    if isinstance(control, widgets.Text):
        return ["", "20", "an", "", "court", "of"]  # short searches a student might type
    if isinstance(control, (widgets.IntSlider, widgets.FloatSlider)):
        points = [control.min + (control.max - control.min) * i / 12 for i in range(13)]
        return sorted({round(p) for p in points}) if isinstance(control, widgets.IntSlider) else points
    if hasattr(control, "options"):
        return [value for _, value in control.options] if isinstance(control.options[0], tuple) else list(control.options)
    raise TypeError(f"benchmarks/run.py does not know how to move a {type(control).__name__}; add it to control_values")


def time_explorer(explorer, changes: int) -> dict:
    samples = []
    plan = [(control, values) for control in explorer.controls.values() if len(values := control_values(control)) > 1]
    cycle = itertools.cycle([(control, value) for control, values in plan for value in values])
    for control, value in itertools.islice(cycle, changes):
        if control.value == value:
            continue
        started = time.perf_counter()
        control.value = value
        samples.append((time.perf_counter() - started) * 1000)
    return {"p50_ms": round(statistics.median(samples), 1), "p95_ms": round(percentile(samples, 0.95), 1),
            "max_ms": round(max(samples), 1), "changes": len(samples)}


def explorers(changes: int) -> dict:
    """Every explorer the package exports, found rather than listed, so a new lesson's explorer cannot be missed."""
    import course.explorers

    return {name: time_explorer(getattr(course.explorers, name)(), changes) for name in course.explorers.__all__}


def import_lines(notebook: dict) -> str:
    lines = [line for cell in notebook.cells if cell.cell_type == "code" for line in cell.source.splitlines()
             if line.startswith(("from ", "import "))]
    return "\n".join(dict.fromkeys(lines))


def run_kernel(path: Path, floor: bool) -> float:
    """Seconds to execute one lesson in a fresh kernel, or (floor) only the lesson's import lines."""
    import nbformat
    from nbclient import NotebookClient

    notebook = nbformat.read(path, as_version=4)
    if floor:
        notebook.cells = [nbformat.v4.new_code_cell(import_lines(notebook))]
    started = time.perf_counter()
    NotebookClient(notebook, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}},
                   timeout=300).execute()
    return time.perf_counter() - started


def notebooks(rounds: int) -> dict:
    """Each lesson and its floor run back to back, `rounds` times; each side's fastest round per lesson is kept.

    Pairing puts a slow moment of a shared machine on both sides alike, and noise only ever adds time, so the
    fastest round is the best estimate of what the work itself costs.
    """
    lessons = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    run_kernel(lessons[0], floor=True)  # warm the disk cache and matplotlib's font cache, for both sides alike
    full = {p.name: [] for p in lessons}
    bare = {p.name: [] for p in lessons}
    for _ in range(rounds):
        for path in lessons:
            bare[path.name].append(run_kernel(path, floor=True))
            full[path.name].append(run_kernel(path, floor=False))
    total = sum(min(times) for times in full.values())
    floor = sum(min(times) for times in bare.values())
    return {"lessons": len(lessons), "rounds": rounds, "total_s": round(total, 2), "floor_s": round(floor, 2),
            "ratio": round(total / floor, 3),
            "per_lesson": {name: {"lesson_s": round(min(full[name]), 2), "floor_s": round(min(bare[name]), 2)}
                           for name in full}}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--changes", type=int, default=120, help="control changes timed per explorer")
    parser.add_argument("--rounds", type=int, default=5, help="runs of all lessons (the fastest is compared)")
    parser.add_argument("--browser-changes", type=int, default=30,
                        help="control changes timed per explorer in the browser (0 leaves the browser out)")
    args = parser.parse_args()
    from benchmarks import browser

    in_browser = browser.measure(args.browser_changes) if args.browser_changes else {"skipped": "--browser-changes 0"}
    result = {"explorers": explorers(args.changes), "notebooks": notebooks(args.rounds), "browser": in_browser,
              "machine": {"python": platform.python_version(), "platform": platform.platform(),
                          "cpus": os.cpu_count(), "date": time.strftime("%Y-%m-%d %H:%M")},
              "budgets": {"explorer_p95_ms": EXPLORER_BUDGET_MS, "notebook_ratio": NOTEBOOK_RATIO_BUDGET,
                          "browser_redraw_p95_ms": browser.REDRAW_BUDGET_MS,
                          "browser_run_all_ratio": browser.RUN_ALL_RATIO_BUDGET}}
    (ROOT / "build").mkdir(exist_ok=True)
    (ROOT / "build" / "benchmark.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")

    missed = []
    print(f"{'explorer':<22}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}{'changes':>9}")
    for name, row in result["explorers"].items():
        flag = "" if row["p95_ms"] <= EXPLORER_BUDGET_MS else "  over budget"
        missed += [name] if flag else []
        print(f"{name:<22}{row['p50_ms']:>9}{row['p95_ms']:>9}{row['max_ms']:>9}{row['changes']:>9}{flag}")
    nb = result["notebooks"]
    print(f"\n{nb['lessons']} lessons in fresh kernels: {nb['total_s']} s; floor (kernels + imports only): "
          f"{nb['floor_s']} s; ratio {nb['ratio']} (budget {NOTEBOOK_RATIO_BUDGET}); fastest of {nb['rounds']} rounds")
    for name, row in nb["per_lesson"].items():
        print(f"  {name:<40}{row['lesson_s']:>6} s  (floor {row['floor_s']} s)")
    if nb["ratio"] > NOTEBOOK_RATIO_BUDGET:
        missed.append("notebooks")
    browser.report(result["browser"])
    missed += browser.missed_budgets(result["browser"])
    print("\nwrote build/benchmark.json" + (f"; OVER BUDGET: {', '.join(missed)}" if missed else "; all budgets met"))
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
