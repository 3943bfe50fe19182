"""``ikkan serve --choose-memory`` (``make serve``): memory for a small graph on a machine with
room for it, disk otherwise, and a line that says which and why."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from ikkan.settings import Settings
from ikkan.store.memory_choice import MAX_QUADS, available_memory, choose_memory

GIB = 2**30


def test_a_small_graph_with_room_to_spare_is_served_from_memory(built: Settings) -> None:
    choice = choose_memory(built, available=64 * GIB)
    assert choice.in_memory and choice.reason.startswith("in memory:")


def test_too_little_memory_keeps_it_on_disk(built: Settings) -> None:
    choice = choose_memory(built, available=1024)
    assert not choice.in_memory and "available" in choice.reason


def test_asking_for_memory_or_a_remote_store_is_obeyed(built: Settings) -> None:
    assert choose_memory(built.replace(in_memory=True), available=1024).in_memory
    remote = choose_memory(built.replace(store_url="http://127.0.0.1:1/sparql"), 64 * GIB)
    assert not remote.in_memory


def test_a_graph_past_the_limit_stays_on_disk(built: Settings, tmp_path: Path) -> None:
    build = tmp_path / "build"
    build.mkdir()
    (build / "manifest.json").write_text(f'{{"quads": {MAX_QUADS + 1}}}', encoding="utf-8")
    choice = choose_memory(built.replace(build_dir=build), available=64 * GIB)
    assert not choice.in_memory and "quads" in choice.reason


def test_available_memory_is_read_from_meminfo(tmp_path: Path) -> None:
    meminfo = tmp_path / "meminfo"
    meminfo.write_text("MemTotal: 100 kB\nMemAvailable:    2048 kB\n", encoding="ascii")
    assert available_memory(meminfo) == 2048 * 1024
    assert available_memory(tmp_path / "none") is None


def test_serve_says_which_it_chose(built: Settings) -> None:
    # A port that is taken makes gunicorn stop at once, after the choice is printed.
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "ikkan.cli",
                "serve",
                "--choose-memory",
                "--build-dir",
                str(built.build_path),
                "--dist-dir",
                str(built.dist_path),
                "--port",
                str(port),
            ],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    assert "serving the graph " in result.stderr
