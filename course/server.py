"""One setting for the Jupyter server that runs the course: send the kernel's messages to the page at once.

jupyter_server leaves Nagle's algorithm on for the WebSocket between a kernel and the page. When a student moves a
control, the kernel answers with a burst of small messages (a status, the widget's echo, a new summary) and then
the chart. With Nagle's algorithm, a small message written while the previous one is unacknowledged waits for
that acknowledgement, which the receiving side may delay by up to 40 ms (Linux); the chart waits behind it.
Measured in Chromium on a 2-core machine, over 40 changes of one explorer: from the server writing a chart to the
page receiving it, median 17 ms and 90th percentile 40 ms before, 4-5 and 11 ms after; a whole redraw (change to
chart painted), median 61 -> 48 ms and 90th percentile 77 -> 55 ms.

This module is a Jupyter server extension whose kernel connection turns it off (TCP_NODELAY).
`python -m course.server` enables it for the Python environment (a file under
`<sys.prefix>/etc/jupyter/jupyter_server_config.d/`), so every JupyterLab started from that environment loads it:
`make` does this when it builds `.venv` (for `make lab` and the tests), and `postBuild` does it on Binder. The
course works the same without it, only with slower redraws.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

from jupyter_server.services.kernels.connection.channels import ZMQChannelsWebsocketConnection

CONFIG_NAME = "diaspora-course.json"
MODULE = "course.server"  # not __name__, which is "__main__" under `python -m`


class ImmediateKernelConnection(ZMQChannelsWebsocketConnection):
    """The server's usual kernel connection, with TCP_NODELAY set on the WebSocket as soon as it opens."""

    def connect(self):
        self.websocket_handler.set_nodelay(True)
        return super().connect()


def _jupyter_server_extension_points() -> list[dict]:
    return [{"module": MODULE}]


def _load_jupyter_server_extension(serverapp) -> None:
    # The kernel WebSocket handler reads this setting for each new connection, so setting it here is in time.
    serverapp.web_app.settings["kernel_websocket_connection_class"] = ImmediateKernelConnection


def config_path(prefix: Path) -> Path:
    return prefix / "etc" / "jupyter" / "jupyter_server_config.d" / CONFIG_NAME


def install(prefix: Path) -> Path:
    """Enable the extension for the environment at `prefix`; return the file written."""
    path = config_path(prefix)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"ServerApp": {"jpserver_extensions": {MODULE: True}}}, indent=2) + "\n",
                    encoding="utf-8")
    return path


if __name__ == "__main__":
    print(f"course.server: Jupyter servers started from {sys.prefix} now send kernel messages at once "
          f"({install(Path(sys.prefix))})")
