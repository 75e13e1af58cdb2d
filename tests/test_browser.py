"""The real-browser test: JupyterLab on 127.0.0.1, each lesson opened in Chromium at 1280x800 with the file browser
open, Run All, widgets visible, a control changed and the chart redrawn, no error output and nothing scrolling
sideways; plus what a student meets around the lessons: typing and downloading (with their name), a kernel
restart, a page reload, and the course map's links.

Screenshots go to build/screenshots/. Needs Debian's `chromium` (never a downloaded browser): on a laptop without
it these tests skip and say how to enable them; under CI (CI=true) a missing browser fails the run.
"""
from __future__ import annotations

import json
import os
import shutil
import time

import pytest

from tests.conftest import NOTEBOOKS, ROOT, lesson_notebooks
from tests.labserver import LAPTOP, Lab, chromium, explorer_cells, menu, missing_browser, running_lab

pytestmark = [pytest.mark.browser, pytest.mark.slow]
SCREENSHOTS = ROOT / "build" / "screenshots"
COPIES = "build/browser-copies"  # lessons the tests save (with outputs) live here, never in notebooks/


def wait_until_saved(lab: Lab, notebook: str, text: str, timeout: float = 10) -> None:
    """Wait until the lesson's work file holds an answer ending with `text` (typing is saved after a pause)."""
    path = lab.work / f"lesson-{notebook[:2]}.json"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if path.exists() and any(a["text"].endswith(text) for a in
                                 json.loads(path.read_text(encoding="utf-8"))["answers"].values()):
            return
        time.sleep(0.2)
    raise AssertionError(f"{text!r} was not saved within {timeout} s")


def require_browser() -> None:
    missing = missing_browser()
    if missing:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI requires the real-browser tests. {missing}")
        pytest.skip(f"{missing}; the real-browser tests are skipped.")


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    require_browser()
    with running_lab(tmp_path_factory.mktemp("lab")) as server:
        yield server


@pytest.fixture(scope="module")
def browser(lab):
    with chromium() as launched:
        yield launched


def run_all(page, lab: Lab, notebook: str, path: str | None = None):
    path = path or f"notebooks/{notebook}"
    lab.open_notebook(page, path)
    menu(page, "Run", "Run All Cells")
    page.wait_for_function(
        f"document.querySelectorAll('.course-explorer').length >= {len(explorer_cells(notebook))}", timeout=90_000)
    page.wait_for_function("document.querySelectorAll('.course-sources').length >= 1", timeout=90_000)
    lab.wait_for_idle_kernel(path)


def copy_lesson(notebook: str) -> str:
    target = ROOT / COPIES
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy(NOTEBOOKS / notebook, target / notebook)
    return f"{COPIES}/{notebook}"


def assert_no_errors(page):
    errors = page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']")
    texts = [errors.nth(i).inner_text() for i in range(errors.count())]
    assert not texts, "error output in the notebook:\n" + "\n---\n".join(texts)


OVERLAPPING_OPTIONS = """() => {
  const problems = [];
  for (const box of document.querySelectorAll('.course-question .widget-radio-box')) {
    const labels = [...box.querySelectorAll('label')];
    labels.forEach((label, i) => {
      const next = labels[i + 1];
      if (label.scrollHeight > label.clientHeight + 1 ||
          (next && label.getBoundingClientRect().bottom > next.getBoundingClientRect().top + 1)) {
        problems.push(label.innerText.slice(0, 60));
      }
    });
  }
  return problems;
}"""

SIDEWAYS = """() => {
  const problems = [];
  const panel = document.querySelector('.jp-NotebookPanel .jp-WindowedPanel-outer');
  if (panel && panel.scrollWidth > panel.clientWidth + 1) problems.push(`the notebook scrolls sideways: ${panel.scrollWidth} > ${panel.clientWidth}`);
  for (const area of document.querySelectorAll('.jp-OutputArea')) {
    const right = area.getBoundingClientRect().right;
    for (const e of area.querySelectorAll('.jp-OutputArea-output, .jp-OutputArea-output *')) {
      const style = getComputedStyle(e);
      if (['auto', 'scroll'].includes(style.overflowX) && e.scrollWidth > e.clientWidth + 1)
        problems.push(`a sideways scrollbar in ${e.tagName}.${String(e.className).slice(0, 60)}`);
      const box = e.getBoundingClientRect();
      if (box.width > 0 && box.right > right + 1)
        problems.push(`${e.tagName}.${String(e.className).slice(0, 60)} sticks out by ${Math.round(box.right - right)} px`);
    }
  }
  return [...new Set(problems)].slice(0, 10);
}"""


def assert_options_readable(page):
    """Every answer option of every question has room for all its lines (long options wrap, not overlap)."""
    assert page.locator(".course-question").count() > 0
    overlapping = page.evaluate(OVERLAPPING_OPTIONS)
    assert not overlapping, f"answer options that run over the next one: {overlapping}"


def assert_nothing_scrolls_sideways(page):
    problems = page.evaluate(SIDEWAYS)
    assert not problems, f"at 1280x800 with the file browser open: {problems}"


@pytest.mark.parametrize("notebook", [p.name for p in lesson_notebooks()])
def test_lesson_runs_in_jupyterlab_fits_the_page_and_its_explorer_responds(lab, browser, notebook):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page = browser.new_page(viewport=LAPTOP)  # a laptop, with the file browser open as JupyterLab starts
    console_errors = []
    page.on("pageerror", lambda error: console_errors.append(str(error)))
    try:
        run_all(page, lab, notebook)
        assert page.locator(".jp-FileBrowser").first.is_visible(), "the file browser should be open, as for a student"
        assert_no_errors(page)
        assert_options_readable(page)
        assert_nothing_scrolls_sideways(page)
        explorer = page.locator(".course-explorer").first
        explorer.scroll_into_view_if_needed()
        chart = explorer.locator("img.course-chart").first
        assert chart.is_visible()
        before = chart.get_attribute("src")
        panel = chart.locator("xpath=..")  # the chart with its summary line: an explorer can be taller than the page
        panel.scroll_into_view_if_needed()
        panel.screenshot(path=str(SCREENSHOTS / f"{notebook[:-6]}-explorer.png"))
        select = explorer.locator("select").first
        options = select.locator("option")
        select.select_option(index=min(2, options.count() - 1))
        started = time.monotonic()
        page.wait_for_function("([img, before]) => img.getAttribute('src') !== before",
                               arg=[chart.element_handle(), before], timeout=10_000)
        redraw_ms = (time.monotonic() - started) * 1000
        panel.scroll_into_view_if_needed()
        panel.screenshot(path=str(SCREENSHOTS / f"{notebook[:-6]}-after-change.png"))
        print(f"{notebook}: chart redrawn in the browser {redraw_ms:.0f} ms after the control changed")
        assert_no_errors(page)
        assert not console_errors, console_errors
    finally:
        page.close()
        lab.close(f"notebooks/{notebook}")


def test_name_typing_and_download_in_a_real_browser(lab, browser, tmp_path):
    notebook = lesson_notebooks()[0].name
    page = browser.new_page(viewport=LAPTOP, accept_downloads=True)
    try:
        run_all(page, lab, notebook)
        name = page.locator(".course-work-panel input[type='text']").first
        name.fill("Ani Petrosyan")
        name.press("Enter")
        page.wait_for_selector("text=diaspora-course-work-ani-petrosyan.txt", timeout=10_000)
        box = page.locator(".course-reflection textarea").first
        box.scroll_into_view_if_needed()
        box.click()
        box.press_sequentially("Typed in a real browser.", delay=15)
        page.wait_for_selector(".course-reflection .course-saved", timeout=10_000)
        saved = json.loads((lab.work / f"lesson-{notebook[:2]}.json").read_text(encoding="utf-8"))
        assert any(a["text"] == "Typed in a real browser." for a in saved["answers"].values())
        button = page.locator(".course-work-panel button", has_text="Download my work").first
        button.scroll_into_view_if_needed()
        button.click()
        link = page.locator("a.course-download").first
        link.wait_for(timeout=10_000)
        with page.expect_download() as download:
            link.click()
        assert download.value.suggested_filename == "diaspora-course-work-ani-petrosyan.txt"
        path = tmp_path / "work.txt"
        download.value.save_as(path)
        text = path.read_text(encoding="utf-8")
        assert text.startswith("# Diaspora Diplomacy course: work of Ani Petrosyan") and "Typed in a real browser." in text
        assert page.locator(".course-download-done").first.is_visible(), "the page confirms the download"
        assert "Downloads" in page.locator(".course-download-done").first.inner_text()
        page.screenshot(path=str(SCREENSHOTS / f"{notebook[:-6]}-download.png"))
    finally:
        page.close()
        lab.close(f"notebooks/{notebook}")


def test_after_a_restart_the_boxes_say_they_are_not_connected_and_take_no_typing(lab, browser):
    notebook = lesson_notebooks()[0].name
    page = browser.new_page(viewport=LAPTOP)
    try:
        run_all(page, lab, notebook)
        box = page.locator(".course-reflection textarea").first
        box.scroll_into_view_if_needed()
        box.click()
        box.press_sequentially("Before the restart.", delay=10)
        wait_until_saved(lab, notebook, "Before the restart.")
        cell_count = page.locator(".jp-Notebook .jp-Cell").count()
        menu(page, "Kernel", "Restart Kernel")
        page.locator(".jp-Dialog-button.jp-mod-accept").click()
        reflection = page.locator(".course-reflection").first
        page.wait_for_function("el => el.classList.contains('jupyter-widgets-disconnected')",
                               arg=reflection.element_handle(), timeout=20_000)
        message = reflection.evaluate("el => getComputedStyle(el, '::before').content")
        assert "Not connected" in message and "Run All Cells" in message
        # The box still takes the click (a blocked click would reach JupyterLab, whose one-key shortcuts would then
        # edit the notebook), but the message above it says, before any typing, that nothing here is saved.
        assert reflection.evaluate("el => el.getBoundingClientRect().height") > 0
        box.click()
        box.press_sequentially(" After.", delay=10)
        page.screenshot(path=str(SCREENSHOTS / f"{notebook[:-6]}-after-restart.png"))
        saved = json.loads((lab.work / f"lesson-{notebook[:2]}.json").read_text(encoding="utf-8"))
        assert any(a["text"].endswith("Before the restart.") for a in saved["answers"].values())
        assert page.locator(".jp-Notebook .jp-Cell").count() == cell_count, "typing reached no JupyterLab shortcut"
    finally:
        page.close()
        lab.close(f"notebooks/{notebook}")


def test_a_reload_after_the_lesson_stopped_shows_the_one_action_that_helps(lab, browser):
    notebook = lesson_notebooks()[0].name
    path = copy_lesson(notebook)
    page = browser.new_page(viewport=LAPTOP)
    try:
        run_all(page, lab, notebook, path=path)
        menu(page, "Kernel", "Restart Kernel")
        page.locator(".jp-Dialog-button.jp-mod-accept").click()
        lab.wait_for_idle_kernel(path)
        page.keyboard.press("Control+s")
        page.wait_for_function("() => !document.querySelector('.jp-mod-dirty')", timeout=10_000)
        page.reload()
        broken = page.locator(".jp-OutputArea-output.jupyter-widgets", has_text="Error displaying widget").first
        broken.wait_for(timeout=60_000)
        broken.scroll_into_view_if_needed()
        page.wait_for_function("el => getComputedStyle(el, '::after').visibility === 'visible'",
                               arg=broken.element_handle(), timeout=10_000)
        hint = broken.evaluate("el => getComputedStyle(el, '::after').content")
        assert "Run All Cells" in hint
        page.screenshot(path=str(SCREENSHOTS / f"{notebook[:-6]}-after-reload.png"))
    finally:
        page.close()
        lab.close(path)


def test_the_course_maps_links_open_the_lessons_in_jupyterlab(lab, browser):
    notebook = lesson_notebooks()[0].name
    page = browser.new_page(viewport=LAPTOP)
    try:
        run_all(page, lab, notebook)
        target = lesson_notebooks()[1].name
        link = page.locator(".course-map a").nth(1)
        link.scroll_into_view_if_needed()
        assert link.evaluate("el => getComputedStyle(el).textDecorationLine") == "underline", "links look like links"
        link.click()
        tab = page.locator(".lm-TabBar-tab", has_text=target)
        tab.first.wait_for(timeout=20_000)
        assert page.locator("text=Could not find path").count() == 0
        assert len(page.context.pages) == 1, "the lesson opens inside JupyterLab, not in a second browser tab"
    finally:
        page.close()
        lab.close(f"notebooks/{notebook}")
        lab.close(f"notebooks/{lesson_notebooks()[1].name}")
