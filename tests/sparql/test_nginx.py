"""The example reverse-proxy configuration (deploy/nginx.conf) is valid and works.

nginx (Debian's package; ``make test`` installs it) runs with the example ``server`` block, only
its ports changed, in front of a real ``ikkan serve`` on loopback: ``nginx -t`` accepts it,
queries pass through it (GET and POST), ikkan's links name the public address, and fifty
connections that send one byte and wait do not stop the answers.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from ..support import Server, free_port, wait_until
from .conftest import Built, start_server

PROJECT = Path(__file__).resolve().parents[2]
EXAMPLE = PROJECT / "deploy" / "nginx.conf"
HOST = {"Host": "data.example.org"}


def _nginx() -> str:
    binary = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin")
    if not binary:
        pytest.fail("Debian's nginx is not installed: run `make proxy-deps` (make test does)")
    return binary


def _configure(folder: Path, listen: int, upstream: int) -> Path:
    site = EXAMPLE.read_text(encoding="utf-8")
    assert "listen 80;" in site and "server 127.0.0.1:8080;" in site
    site = site.replace("listen 80;", f"listen 127.0.0.1:{listen};")
    site = site.replace("server 127.0.0.1:8080;", f"server 127.0.0.1:{upstream};")
    (folder / "ikkan.conf").write_text(site, encoding="utf-8")
    temp = "\n".join(
        f"    {kind}_temp_path {folder / kind};" for kind in ("client_body", "proxy", "fastcgi")
    )
    main = folder / "nginx.conf"
    main.write_text(
        ("user root;\n" if os.geteuid() == 0 else "")
        + f"daemon off;\nworker_processes 1;\npid {folder / 'nginx.pid'};\n"
        f"error_log {folder / 'error.log'} warn;\n"
        "events { worker_connections 512; }\n"
        "http {\n    access_log off;\n"
        f"{temp}\n    uwsgi_temp_path {folder / 'uwsgi'};\n"
        f"    scgi_temp_path {folder / 'scgi'};\n"
        f"    include {folder / 'ikkan.conf'};\n}}\n",
        encoding="utf-8",
    )
    return main


@pytest.fixture(scope="module")
def proxied(built: Built, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    nginx = _nginx()
    server: Server = start_server(
        "embedded",
        {
            "IKKAN_BUILD_DIR": str(built.build_dir),
            "IKKAN_PUBLIC_BASE_URL": "https://data.example.org/",
        },
    )
    folder = tmp_path_factory.mktemp("nginx")
    port = free_port()
    main = _configure(folder, port, server.port)
    checked = subprocess.run(
        [nginx, "-t", "-c", str(main), "-p", str(folder)], capture_output=True, text=True
    )
    assert checked.returncode == 0, checked.stderr
    process = subprocess.Popen(
        [nginx, "-c", str(main), "-p", str(folder)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until(
            lambda: requests.get(base + "/sparql", headers=HOST, timeout=5).status_code == 200,
            30,
            "nginx",
        )
        yield base
    finally:
        process.terminate()
        process.wait(10)
        server.stop()


def test_queries_pass_through_the_proxy(proxied: str) -> None:
    r = requests.get(
        proxied + "/sparql",
        params={"query": "ASK {}"},
        headers={**HOST, "Accept": "application/sparql-results+json"},
        timeout=30,
    )
    assert r.status_code == 200 and r.json()["boolean"] is True
    posted = requests.post(
        proxied + "/sparql",
        data=b"SELECT (1 AS ?one) {}",
        headers={**HOST, "Content-Type": "application/sparql-query", "Accept": "text/csv"},
        timeout=30,
    )
    assert posted.status_code == 200 and posted.text.splitlines() == ["one", "1"]
    described = requests.get(
        proxied + "/sparql", headers={**HOST, "Accept": "text/turtle"}, timeout=30
    )
    assert "<https://data.example.org/sparql>" in described.text


def test_slow_connections_wait_at_the_proxy(proxied: str) -> None:
    port = int(proxied.rsplit(":", 1)[1])
    slow = []
    try:
        for _ in range(50):
            sock = socket.create_connection(("127.0.0.1", port))
            sock.sendall(b"G")
            slow.append(sock)
        for _ in range(5):
            t0 = time.monotonic()
            r = requests.get(
                proxied + "/sparql", params={"query": "ASK {}"}, headers=HOST, timeout=30
            )
            assert r.status_code == 200
            assert time.monotonic() - t0 < 8
    finally:
        for sock in slow:
            sock.close()
