"""The environment Binder builds and the one `make` builds are the same, and Binder caches it before the lessons."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

REPO2DOCKER = Path(sys.executable).parent / "repo2docker"
PIN = re.compile(r"^([A-Za-z0-9_.-]+)==([A-Za-z0-9_.]+)$")


def environment_pins() -> dict[str, str]:
    pins, in_pip = {}, False
    for line in (ROOT / "environment.yml").read_text(encoding="utf-8").splitlines():
        stripped = line.strip()
        if stripped == "- pip:":
            in_pip = True
            continue
        if in_pip and stripped.startswith("- "):
            match = PIN.match(stripped[2:].strip())
            assert match, f"environment.yml pip entries must be exact pins (name==version): {stripped}"
            pins[match[1].lower()] = match[2]
    return pins


def requirement_pins(name: str) -> dict[str, str]:
    pins = {}
    for line in (ROOT / name).read_text(encoding="utf-8").splitlines():
        line = line.split("#")[0].strip()
        if not line or line.startswith("-r"):
            continue
        match = PIN.match(line)
        assert match, f"{name}: every requirement must be an exact pin (name==version): {line}"
        pins[match[1].lower()] = match[2]
    return pins


def test_binder_and_make_install_the_same_pins():
    assert environment_pins() == requirement_pins("requirements.txt")


def test_the_instructors_tools_come_with_the_lessons():
    """papermill (variants) and nbval (checking the lessons on a hub) are in what make lab, Binder and a hub build."""
    assert {"papermill", "nbval", "pytest"} <= set(environment_pins())


def test_notebook_is_pinned_beside_jupyterlab():
    pins = environment_pins()
    assert "jupyterlab" in pins and "notebook" in pins, "Binder's base image has an older notebook: pin both"


def test_test_tools_do_not_repin_runtime_packages():
    assert not set(requirement_pins("requirements-test.txt")) & set(requirement_pins("requirements.txt"))


def test_the_environment_is_what_binder_reads():
    assert not (ROOT / "binder").exists() and not (ROOT / ".binder").exists(), "a binder/ folder hides the root files"
    text = (ROOT / "environment.yml").read_text(encoding="utf-8")
    assert "python=3.11" in text and "-e ." not in text and "-r " not in text
    assert os.access(ROOT / "postBuild", os.X_OK)


@pytest.mark.skipif(not REPO2DOCKER.exists(), reason="repo2docker is not installed (make test installs it)")
def test_binder_builds_the_environment_before_copying_the_lessons(tmp_path):
    # Build from a copy holding only what git would clone, so a local .venv cannot change the answer.
    source = tmp_path / "repo"
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(".venv", "build", ".git", "__pycache__", "*.egg-info"))
    result = subprocess.run([str(REPO2DOCKER), "--no-build", "--debug", str(source)], capture_output=True, text=True,
                            timeout=300, env={**os.environ, "DOCKER_HOST": "unix:///nonexistent"})
    dockerfile = result.stdout + result.stderr
    lines = dockerfile.splitlines()

    def first(pattern):
        for number, line in enumerate(lines):
            if re.search(pattern, line):
                return number
        pytest.fail(f"the Dockerfile has no line matching {pattern!r}:\n{dockerfile[-3000:]}")

    copy_environment = first(r"^COPY .*src/environment\.yml")
    install = first(r"env update .*environment\.yml")
    copy_everything = first(r"^COPY .*src/ \$\{REPO_DIR\}/$")
    post_build = first(r"^RUN \./postBuild")
    assert copy_environment < install < copy_everything < post_build


@pytest.mark.slow
def test_make_lab_serves_the_course(tmp_path):
    """The README's first command starts JupyterLab on the first lesson (here without opening a browser)."""
    if not (ROOT / ".venv" / ".runtime-installed").exists() or not shutil.which("make"):
        pytest.skip("needs the .venv that `make test` builds, and make")
    import json
    import secrets
    import time
    import urllib.request

    from tests.conftest import free_port

    port = free_port()
    token = secrets.token_hex(16)
    env = {**os.environ, **{name: str(tmp_path / name.lower()) for name in (
        "JUPYTER_CONFIG_DIR", "JUPYTER_DATA_DIR", "JUPYTER_RUNTIME_DIR", "IPYTHONDIR")}}
    args = f"--no-browser --ip=127.0.0.1 --port={port} --IdentityProvider.token={token}"
    log_path = tmp_path / "make-lab.log"  # a file, not a pipe: an unread pipe can fill and stall the server
    log = log_path.open("w")
    server = subprocess.Popen(["make", "--no-print-directory", "lab", f"LAB_ARGS={args}"], cwd=ROOT, env=env,
                              stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                # Started with a notebook's path, JupyterLab serves that notebook's folder: the lessons.
                request = urllib.request.Request(f"http://127.0.0.1:{port}/api/contents/?content=1",
                                                 headers={"Authorization": f"token {token}"})
                with urllib.request.urlopen(request, timeout=5) as response:
                    listing = json.loads(response.read())
                break
            except OSError:
                assert server.poll() is None, f"make lab stopped:\n{log_path.read_text()}"
                assert time.monotonic() < deadline, "make lab did not answer within 60 s"
                time.sleep(0.3)
        served = {item["name"] for item in listing["content"]}
        assert {path.name for path in (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")} <= served
    finally:
        os.killpg(server.pid, 15)
        server.wait(timeout=20)
        log.close()
