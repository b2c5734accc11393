"""Serving the site folder on this machine only (127.0.0.1), for a browser on the same machine."""

from __future__ import annotations

import functools
import io
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, BinaryIO

HOST = "127.0.0.1"
LOOPBACK_NAMES = (HOST, "localhost", "[::1]")


class _Handler(SimpleHTTPRequestHandler):
    """The site's files, and nothing else. Only a request naming the server by a loopback name
    and its port is answered: a web page whose DNS name was rebound to 127.0.0.1 (DNS
    rebinding) sends its own name as Host, and would otherwise read every person page."""

    def send_head(self) -> io.BytesIO | BinaryIO | None:
        port = self.connection.getsockname()[1]  # the port this request came in on
        if (self.headers.get("Host") or "").lower() not in {f"{n}:{port}" for n in LOOPBACK_NAMES}:
            self.send_error(HTTPStatus.MISDIRECTED_REQUEST, "Not a loopback host name")
            return None
        return super().send_head()

    def list_directory(self, path: Any) -> io.BytesIO | None:  # a folder is never listed
        self.send_error(HTTPStatus.NOT_FOUND, "File not found")
        return None

    def log_message(self, format: str, *args: Any) -> None:  # one line per request is noise
        pass


def server(folder: Path, port: int) -> ThreadingHTTPServer:
    """A server of `folder` bound to the loopback address (port 0: any free port)."""
    handler = functools.partial(_Handler, directory=str(folder))
    return ThreadingHTTPServer((HOST, port), handler)


def url(httpd: ThreadingHTTPServer) -> str:
    return f"http://{HOST}:{httpd.server_address[1]}/"
