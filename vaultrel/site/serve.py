"""Serving the site folder on this machine only (127.0.0.1), for a browser on the same machine."""

from __future__ import annotations

import functools
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

HOST = "127.0.0.1"


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # one line per request is noise
        pass


def server(folder: Path, port: int) -> ThreadingHTTPServer:
    """A server of `folder` bound to the loopback address (port 0: any free port)."""
    handler = functools.partial(_Quiet, directory=str(folder))
    return ThreadingHTTPServer((HOST, port), handler)


def url(httpd: ThreadingHTTPServer) -> str:
    return f"http://{HOST}:{httpd.server_address[1]}/"
