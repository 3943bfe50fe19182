"""``ikkan serve`` and ``ikkan bench``: configuration and the messages without a store."""

from __future__ import annotations

from pathlib import Path

import pytest
from gunicorn.workers.gthread import ThreadWorker

from ikkan.bench_cli import run_bench
from ikkan.settings import load_settings
from ikkan.web.server import gunicorn_options, run_server


def test_gunicorn_options_come_from_settings() -> None:
    settings = load_settings(
        {"host": "::1", "port": "9000", "workers": "3", "threads": "4"}, environ={}
    )
    options = gunicorn_options(settings)
    assert options["bind"] == ["[::1]:9000"]
    assert (options["workers"], options["threads"]) == (3, 4)
    # gunicorn's gthread worker, gathering requests before they get a thread (connections.py).
    assert issubclass(options["worker_class"], ThreadWorker)
    assert options["worker_class"].client_timeout == settings.client_timeout
    assert options["limit_request_line"] == 8190
    assert load_settings({}, environ={}).port == 8080


def test_serve_without_a_store_says_build_first(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run_server(load_settings({"build_dir": str(tmp_path)}, environ={})) == 2
    assert "ikkan build" in capsys.readouterr().err


def test_bench_names_its_suites(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    settings = load_settings({"build_dir": str(tmp_path)}, environ={})
    assert run_bench(settings, "no-such-bench", 1) == 2
    assert "endpoint_latency" in capsys.readouterr().err
    assert run_bench(settings, "endpoint_latency", 1) == 2  # no store: it says so, runs nothing
    assert "ikkan build" in capsys.readouterr().err


def test_query_wait_must_not_be_negative() -> None:
    with pytest.raises(ValueError, match="IKKAN_QUERY_WAIT"):
        load_settings({}, environ={"IKKAN_QUERY_WAIT": "-1"})
