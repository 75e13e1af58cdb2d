"""The browser section of `make bench`: what a student feels, measured in the page with the browser's own clock.

For each lesson: Run All, from the click on the menu item until every explorer's chart is painted, against the same
lesson executed in a bare kernel (already started, as JupyterLab's is); the fastest of `RUN_ALL_ROUNDS` fresh
openings on each side, since noise on a shared machine only ever adds time. For each explorer, after a pause to
read it: a control change until the new chart image is decoded and painted (a MutationObserver on the image, its
decoding, then the next animation frame), over `changes` changes, with the bytes the kernel sent to the page for
each change (every WebSocket frame received meanwhile; frames are recorded only then, since recording them through
Playwright costs CPU that a 2-core machine takes from the kernel).
"""
from __future__ import annotations

import contextlib
import statistics
import tempfile
import time
from pathlib import Path

from tests.labserver import LAPTOP, NOTEBOOKS, chromium, explorer_cells, missing_browser, running_lab

REDRAW_BUDGET_MS = 100.0
RUN_ALL_RATIO_BUDGET = 1.5
RUN_ALL_ROUNDS = 3
READING_PAUSE_MS = 1000

# The student's wait starts when they release the mouse on "Run All Cells" (Lumino menus act on pointerup), not
# while the menu opens.
MARK_RUN_ALL_CLICK = """() => window.addEventListener('pointerup',
  () => { window.courseRunAllStart = performance.now(); }, {capture: true, once: true})"""

CHANGE_AND_PAINT = """async ([root, step]) => {
  const img = root.querySelector('img.course-chart');
  const before = img.src;
  const select = root.querySelector('select');
  const box = root.querySelector('input[type=checkbox]');
  const t0 = performance.now();
  const changed = new Promise((resolve, reject) => {
    const observer = new MutationObserver(() => { if (img.src !== before) { observer.disconnect(); resolve(); } });
    observer.observe(img, {attributes: true, attributeFilter: ['src']});
    setTimeout(() => { observer.disconnect(); reject(new Error('no new chart within 5 s')); }, 5000);
  });
  if (select) {
    select.selectedIndex = (select.selectedIndex + 1 + step % Math.max(1, select.options.length - 1)) % select.options.length;
    select.dispatchEvent(new Event('change', {bubbles: true}));
  } else {
    box.click();
  }
  await changed;
  await img.decode();
  await new Promise(resolve => requestAnimationFrame(resolve));  // the frame that paints the new image
  return performance.now() - t0;
}"""

CHARTS_PAINTED = """(n) => document.querySelector('.course-sources') &&
  [...document.querySelectorAll('.course-explorer img.course-chart')]
    .filter(img => img.src && img.complete && img.naturalWidth > 0).length >= n"""


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def bare_kernel_seconds(path: Path) -> float:
    """Seconds to execute a lesson's cells in a kernel that is already running (no browser)."""
    import nbformat
    from nbclient import NotebookClient

    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(notebook, kernel_name="python3", timeout=300,
                            resources={"metadata": {"path": str(path.parent)}})
    with client.setup_kernel():
        started = time.perf_counter()
        for index, cell in enumerate(notebook.cells):
            client.execute_cell(cell, index)
        return time.perf_counter() - started


def run_all_seconds(lab, page, path: str, charts: int) -> float:
    """Open the lesson, choose Run > Run All Cells, and return the seconds from that click until all `charts` are
    painted, once the kernel is idle again."""
    lab.open_notebook(page, path)
    page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
    page.evaluate(MARK_RUN_ALL_CLICK)
    page.locator(".lm-Menu-itemLabel", has_text="Run All Cells").first.click()
    page.wait_for_function(CHARTS_PAINTED, arg=charts, timeout=120_000)
    seconds = page.evaluate("() => performance.now() - window.courseRunAllStart") / 1000
    lab.wait_for_idle_kernel(path)
    return seconds


def redraws(lab, page, path: str, index: int, changes: int, frames: list[tuple[float, int]]) -> dict:
    """Time `changes` control changes of the page's `index`-th explorer, with the bytes received for each."""
    root = page.locator(".course-explorer").nth(index)
    root.scroll_into_view_if_needed()
    # A student reads an explorer before moving its controls; meanwhile the page draws what scrolled into view.
    # Without this pause the first change or two also timed that drawing (up to 120 ms, against 50-75 after).
    page.wait_for_timeout(READING_PAUSE_MS)
    samples, sizes = [], []
    for step in range(changes):
        started = time.perf_counter()
        samples.append(page.evaluate(CHANGE_AND_PAINT, [root.element_handle(), step]))
        lab.wait_for_idle_kernel(path, timeout=10)
        sizes.append(sum(size for moment, size in frames if moment >= started))
    return {"p50_ms": round(statistics.median(samples), 1), "p95_ms": round(percentile(samples, 0.95), 1),
            "max_ms": round(max(samples), 1), "changes": len(samples), "bytes_p50": int(statistics.median(sizes)),
            "bytes_max": max(sizes)}


@contextlib.contextmanager
def lesson_page(browser, lab, path: str):
    """A fresh page for one opening of a lesson; its kernel session is deleted afterwards."""
    page = browser.new_page(viewport=LAPTOP)
    try:
        yield page
    finally:
        page.close()
        lab.close(path)


def measure(changes: int = 30, only: list[str] | None = None, rounds: int = RUN_ALL_ROUNDS) -> dict:
    """The browser figures for every lesson (or those whose names start with one of `only`) and explorer, or a
    note saying why they were not taken."""
    missing = missing_browser()
    if missing:
        return {"skipped": missing}
    lessons = sorted(p.name for p in NOTEBOOKS.glob("[0-9][0-9]_*.ipynb") if not only or p.name.startswith(tuple(only)))
    result = {"lessons": {}, "explorers": {}, "changes_per_explorer": changes, "run_all_rounds": rounds}
    with tempfile.TemporaryDirectory(prefix="course-bench-lab-") as home, running_lab(Path(home)) as lab, \
            chromium() as browser:
        for notebook in lessons:
            names = explorer_cells(notebook)
            path = f"notebooks/{notebook}"
            bare = min(bare_kernel_seconds(NOTEBOOKS / notebook) for _ in range(rounds))
            run_all = []
            for _ in range(rounds - 1):
                with lesson_page(browser, lab, path) as page:
                    run_all.append(run_all_seconds(lab, page, path, len(names)))
            with lesson_page(browser, lab, path) as page:
                sockets = []  # frames are counted only after Run All: recording them costs the machine time too
                page.on("websocket", lambda socket: sockets.append(socket))
                run_all.append(run_all_seconds(lab, page, path, len(names)))
                result["lessons"][notebook] = {"run_all_s": round(min(run_all), 2), "bare_kernel_s": round(bare, 2),
                                               "ratio": round(min(run_all) / bare, 2), "explorers": len(names),
                                               "run_all_rounds_s": [round(t, 2) for t in run_all]}
                frames: list[tuple[float, int]] = []
                for socket in sockets:
                    socket.on("framereceived", lambda payload: frames.append((time.perf_counter(), len(payload))))
                for index, name in enumerate(names):
                    result["explorers"][name] = {"lesson": notebook, **redraws(lab, page, path, index, changes, frames)}
    return result


def missed_budgets(result: dict) -> list[str]:
    if "skipped" in result:
        return []
    missed = [f"{name} in-page redraw" for name, row in result["explorers"].items()
              if row["p95_ms"] > REDRAW_BUDGET_MS]
    missed += [f"{name} Run All" for name, row in result["lessons"].items() if row["ratio"] > RUN_ALL_RATIO_BUDGET]
    return missed


def report(result: dict) -> None:
    if "skipped" in result:
        print(f"\nBrowser section skipped: {result['skipped']}.")
        return
    print(f"\nIn the browser (JupyterLab in Chromium, 1280x800; budgets: p95 <= {REDRAW_BUDGET_MS:.0f} ms, "
          f"Run All <= {RUN_ALL_RATIO_BUDGET} x a bare kernel)")
    print(f"{'explorer':<24}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}{'kB/redraw':>11}")
    for name, row in result["explorers"].items():
        flag = "" if row["p95_ms"] <= REDRAW_BUDGET_MS else "  over budget"
        print(f"{name:<24}{row['p50_ms']:>9}{row['p95_ms']:>9}{row['max_ms']:>9}{row['bytes_p50'] / 1000:>11.1f}{flag}")
    for name, row in result["lessons"].items():
        flag = "" if row["ratio"] <= RUN_ALL_RATIO_BUDGET else "  over budget"
        print(f"  {name:<40} Run All {row['run_all_s']:>5} s; bare kernel {row['bare_kernel_s']:>5} s; "
              f"ratio {row['ratio']}{flag}")
