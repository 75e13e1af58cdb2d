"""JupyterLab on 127.0.0.1 and Debian's Chromium, driven by Playwright: shared by the real-browser tests and the
browser section of `make bench`. Never a downloaded browser."""
from __future__ import annotations

import contextlib
import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]
LAPTOP = {"width": 1280, "height": 800}
EXPLORER_CALL = re.compile(r"\b(\w+_(?:explorer|sorter|lab))\(")


def missing_browser() -> str | None:
    """Why the real browser cannot run here, or None."""
    if not Path(CHROMIUM).exists():
        return "Chromium is not installed (on Debian or Ubuntu: sudo apt-get install chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright is not installed; `make test` installs it from requirements-test.txt"
    return None


def free_port() -> int:
    """A port on 127.0.0.1 that nothing listens on now (for a JupyterLab the test starts)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def explorer_cells(notebook: str) -> list[str]:
    """The explorer functions a lesson calls, in the order they appear."""
    cells = json.loads((NOTEBOOKS / notebook).read_text(encoding="utf-8"))["cells"]
    return [name for c in cells if c["cell_type"] == "code" for name in EXPLORER_CALL.findall("".join(c["source"]))]


class Lab:
    def __init__(self, base: str, token: str, work: Path, log: Path):
        self.base, self.token, self.work, self.log = base, token, work, log

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
        if not session:
            return
        # jupyter_server answers 500 to a shutdown that arrives while the kernel is still restarting (a test that
        # restarts the kernel may end before the restart does), so ask again for a while.
        deadline = time.monotonic() + 30
        while True:
            try:
                self.api(f"/api/sessions/{session['id']}", method="DELETE")
                return
            except urllib.error.HTTPError as error:
                if error.code != 500 or time.monotonic() > deadline:
                    raise
                time.sleep(0.5)

    def open_notebook(self, page, path: str) -> None:
        # A workspace of its own per page, so tabs restored from an earlier page cannot hide this notebook.
        page.goto(f"{self.base}/lab/workspaces/w-{secrets.token_hex(4)}/tree/{path}?token={self.token}")
        page.wait_for_selector(".jp-NotebookPanel .jp-Cell", timeout=60_000)
        self.wait_for_idle_kernel(path)


def menu(page, top: str, item: str) -> None:
    page.locator(".lm-MenuBar-itemLabel", has_text=top).first.click()
    page.locator(".lm-Menu-itemLabel", has_text=item).first.click()


@contextlib.contextmanager
def running_lab(home: Path):
    """JupyterLab serving the repository on a free port, with settings, runtime files and student work under
    `home`, started as the browser tests and `make lab` start it."""
    env = dict(os.environ)
    for name in ("JUPYTER_CONFIG_DIR", "JUPYTER_DATA_DIR", "JUPYTER_RUNTIME_DIR", "IPYTHONDIR",
                 "JUPYTERLAB_SETTINGS_DIR", "JUPYTERLAB_WORKSPACES_DIR"):
        env[name] = str(home / name.lower())
    settings = home / "jupyterlab_settings_dir" / "@jupyterlab" / "apputils-extension"
    settings.mkdir(parents=True, exist_ok=True)
    (settings / "notification.jupyterlab-settings").write_text(
        json.dumps({"fetchNews": "false", "checkForUpdates": False}), encoding="utf-8")
    work = home / "work"
    env["COURSE_WORK_DIR"] = str(work)
    port, token = free_port(), secrets.token_hex(16)
    command = [sys.executable, "-m", "jupyterlab", "--no-browser", "--ip=127.0.0.1", f"--port={port}",
               f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={ROOT}"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--allow-root")
    log_path = home / "jupyterlab.log"
    with log_path.open("w") as log:
        server = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
        lab = Lab(f"http://127.0.0.1:{port}", token, work, log_path)
        try:
            deadline = time.monotonic() + 60
            while True:
                try:
                    lab.api("/api/status")
                    break
                except OSError:
                    if time.monotonic() > deadline or server.poll() is not None:
                        raise RuntimeError("JupyterLab did not start:\n" + log_path.read_text()) from None
                    time.sleep(0.3)
            yield lab
        finally:
            server.terminate()
            server.wait(timeout=20)


@contextlib.contextmanager
def chromium():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_FLAGS)
        try:
            yield browser
        finally:
            browser.close()
