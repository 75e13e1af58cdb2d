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
import re
import secrets
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import NOTEBOOKS, ROOT, free_port, lesson_notebooks

pytestmark = [pytest.mark.browser, pytest.mark.slow]
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
SCREENSHOTS = ROOT / "build" / "screenshots"
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def require_browser() -> None:
    missing = None
    if not Path(CHROMIUM).exists():
        missing = "Chromium is not installed. To run the real-browser tests: sudo apt-get install chromium"
    else:
        try:
            import playwright.sync_api  # noqa: F401
        except ImportError:
            missing = "Playwright is not installed; `make test` installs it from requirements-test.txt"
    if missing:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI requires the real-browser tests. {missing}")
        pytest.skip(missing)


class Lab:
    def __init__(self, base: str, token: str, work: Path):
        self.base, self.token, self.work = base, token, work

    def api(self, path: str, method: str = "GET"):
        request = urllib.request.Request(f"{self.base}{path}", method=method,
                                         headers={"Authorization": f"token {self.token}"})
        with urllib.request.urlopen(request, timeout=10) as response:
            body = response.read()
        return json.loads(body) if body else None

    def session(self, path: str):
        """The session of the notebook at `path` (relative to the repository, e.g. notebooks/00_start_here.ipynb)."""
        for session in self.api("/api/sessions"):
            if session["path"] == path:
                return session
        return None

    def wait_for_idle_kernel(self, path: str, timeout: float = 90) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            session = self.session(path)
            if session and session["kernel"]["execution_state"] == "idle":
                return
            time.sleep(0.25)
        raise AssertionError(f"the kernel of {path} did not become idle within {timeout} s")

    def close(self, path: str) -> None:
        session = self.session(path)
        if session:
            self.api(f"/api/sessions/{session['id']}", method="DELETE")


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    require_browser()
    home = tmp_path_factory.mktemp("lab")
    env = dict(os.environ)
    for name in ("JUPYTER_CONFIG_DIR", "JUPYTER_DATA_DIR", "JUPYTER_RUNTIME_DIR", "IPYTHONDIR",
                 "JUPYTERLAB_SETTINGS_DIR", "JUPYTERLAB_WORKSPACES_DIR"):
        env[name] = str(home / name.lower())
    settings = home / "jupyterlab_settings_dir" / "@jupyterlab" / "apputils-extension"
    settings.mkdir(parents=True)
    (settings / "notification.jupyterlab-settings").write_text(
        json.dumps({"fetchNews": "false", "checkForUpdates": False}), encoding="utf-8")
    work = home / "work"
    env["COURSE_WORK_DIR"] = str(work)
    port, token = free_port(), secrets.token_hex(16)
    command = [sys.executable, "-m", "jupyterlab", "--no-browser", "--ip=127.0.0.1", f"--port={port}",
               f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={ROOT}"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--allow-root")
    log = open(home / "jupyterlab.log", "w")
    server = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                Lab(base, token, work).api("/api/status")
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise AssertionError("JupyterLab did not start:\n" + (home / "jupyterlab.log").read_text())
                time.sleep(0.3)
        yield Lab(base, token, work)
    finally:
        server.terminate()
        server.wait(timeout=20)
        log.close()


@pytest.fixture(scope="module")
def browser(lab):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_FLAGS)
        yield chromium
        chromium.close()


COPIES = "build/browser-copies"  # lessons the tests save (with outputs) live here, never in notebooks/


def open_notebook(page, lab: Lab, path: str):
    # A workspace of its own per page, so tabs restored from an earlier test cannot hide this notebook.
    page.goto(f"{lab.base}/lab/workspaces/test-{secrets.token_hex(4)}/tree/{path}?token={lab.token}")
    page.wait_for_selector(".jp-NotebookPanel .jp-Cell", timeout=60_000)
    lab.wait_for_idle_kernel(path)


def menu(page, top: str, item: str):
    page.locator(".lm-MenuBar-itemLabel", has_text=top).first.click()
    page.locator(".lm-Menu-itemLabel", has_text=item).first.click()


def run_all(page, lab: Lab, notebook: str, path: str | None = None):
    path = path or f"notebooks/{notebook}"
    open_notebook(page, lab, path)
    menu(page, "Run", "Run All Cells")
    code_cells = json.loads((NOTEBOOKS / notebook).read_text(encoding="utf-8"))["cells"]
    expected_explorers = sum(bool(re.search(r"\w+_(explorer|sorter|lab)\(", "".join(c["source"])))
                             for c in code_cells if c["cell_type"] == "code")
    page.wait_for_function(
        f"document.querySelectorAll('.course-explorer').length >= {expected_explorers}", timeout=90_000)
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


LAPTOP = {"width": 1280, "height": 800}


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
        page.wait_for_selector(".course-reflection .course-saved", timeout=10_000)
        menu(page, "Kernel", "Restart Kernel")
        page.locator(".jp-Dialog-button.jp-mod-accept").click()
        reflection = page.locator(".course-reflection").first
        page.wait_for_function("el => el.classList.contains('jupyter-widgets-disconnected')",
                               arg=reflection.element_handle(), timeout=20_000)
        message = reflection.evaluate("el => getComputedStyle(el, '::before').content")
        assert "Not connected" in message and "Run All Cells" in message
        with pytest.raises(Exception):
            box.click(timeout=2_000)  # the box takes no clicks, so no typing is silently lost
        page.screenshot(path=str(SCREENSHOTS / f"{notebook[:-6]}-after-restart.png"))
        saved = json.loads((lab.work / f"lesson-{notebook[:2]}.json").read_text(encoding="utf-8"))
        assert any(a["text"].endswith("Before the restart.") for a in saved["answers"].values())
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
