"""`vaultrel site --serve`'s server, for real on 127.0.0.1 and a free port: it answers only
requests that name it by a loopback name, and never lists a folder."""

from __future__ import annotations

import http.client
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import Invoke, MakeVault
from vaultrel.site.pages import page_file
from vaultrel.site.serve import server

PAGE = f"/notes/{page_file('people/Ada.md')}"


@pytest.fixture
def port(make_vault: MakeVault, invoke: Invoke, tmp_path: Path) -> Iterator[int]:
    """The port of a server of a site built by the CLI, running in a thread."""
    root = make_vault({"people/Ada.md": "---\ncadence: 2w\n---\nSecret plans.\n"})
    out = tmp_path / "site"
    assert invoke("site", "--vault", root, "-o", out).exit_code == 0
    with server(out, 0) as httpd:
        thread = threading.Thread(target=httpd.serve_forever, daemon=True)
        thread.start()
        try:
            yield int(httpd.server_address[1])
        finally:
            httpd.shutdown()
            thread.join(timeout=5)


def get(port: int, path: str, host: str | None, method: str = "GET") -> tuple[int, bytes]:
    """One request to 127.0.0.1:`port` with `host` as its Host header (None: no Host)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        connection.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
        if host is not None:
            connection.putheader("Host", host)
        connection.endheaders()
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def test_only_loopback_host_names_are_answered(port: int) -> None:
    for host in (f"127.0.0.1:{port}", f"localhost:{port}", f"[::1]:{port}", f"LocalHost:{port}"):
        status, body = get(port, PAGE, host)
        assert (status, b"Secret plans." in body) == (200, True), host
        assert get(port, "/", host)[0] == 200, host
    # what a page whose DNS name was rebound to 127.0.0.1 sends, and other forgeries
    forged = [
        f"evil.example:{port}",
        "evil.example",
        "127.0.0.1",
        "localhost",
        f"127.0.0.1:{port + 1}",
        f"127.0.0.1:{port}.evil.example",
        f"localhost.evil.example:{port}",
        f"127.0.0.2:{port}",
        f"0.0.0.0:{port}",
        "",
        None,
    ]
    for host in forged:
        for method in ("GET", "HEAD"):
            status, body = get(port, PAGE, host, method)
            assert status == 421 and b"Secret plans." not in body, (host, method)


def test_a_folder_is_never_listed(port: int) -> None:
    status, body = get(port, "/notes/", f"127.0.0.1:{port}")
    assert status == 404
    assert page_file("people/Ada.md").encode() not in body and b"Directory listing" not in body
