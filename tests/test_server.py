"""course.server: the Jupyter servers of the course's environment send kernel messages to the page at once."""
from __future__ import annotations

import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from jupyter_server.extension.config import ExtensionConfigManager
from jupyter_server.services.kernels.connection.channels import ZMQChannelsWebsocketConnection

from course import server
from tests.conftest import ROOT
from tests.labserver import running_lab


def test_the_connection_turns_off_nagle_before_it_connects(monkeypatch):
    calls = []

    class Handler:
        def set_nodelay(self, value):
            calls.append(("nodelay", value))

    monkeypatch.setattr(ZMQChannelsWebsocketConnection, "connect", lambda self: calls.append(("connect",)) or "done")
    connection = server.ImmediateKernelConnection.__new__(server.ImmediateKernelConnection)
    connection._trait_values["websocket_handler"] = Handler()  # a stand-in for tornado's handler, without a server
    assert connection.connect() == "done"
    assert calls == [("nodelay", True), ("connect",)]


def test_the_extension_makes_the_server_use_the_connection():
    class ServerApp:
        web_app = SimpleNamespace(settings={})

    server._load_jupyter_server_extension(ServerApp)
    assert ServerApp.web_app.settings["kernel_websocket_connection_class"] is server.ImmediateKernelConnection
    assert server._jupyter_server_extension_points() == [{"module": "course.server"}]


def test_install_enables_the_extension_for_an_environment(tmp_path):
    written = server.install(tmp_path)
    assert written == tmp_path / "etc/jupyter/jupyter_server_config.d/diaspora-course.json"
    read = ExtensionConfigManager(read_config_path=[str(tmp_path / "etc" / "jupyter")])
    assert read.get_jpserver_extensions() == {"course.server": True}
    server.install(tmp_path)  # again: the same file, nothing else
    assert [p.name for p in written.parent.iterdir()] == ["diaspora-course.json"]
    assert "python -m course.server" in (ROOT / "postBuild").read_text()


@pytest.mark.slow
def test_a_jupyterlab_started_from_the_environment_loads_the_extension(tmp_path):
    """`make` runs `python -m course.server` when it builds .venv, so `make lab` and the browser tests load it."""
    if Path(sys.prefix).resolve() != (ROOT / ".venv").resolve():
        pytest.skip("not running in the .venv that make builds")
    with running_lab(tmp_path) as lab:
        log = lab.log.read_text()
    assert "course.server | extension was successfully loaded" in log, log
