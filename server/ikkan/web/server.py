"""``ikkan serve``: run the app under gunicorn, configured from the settings.

gunicorn's ``gthread`` workers serve many connections per process with threads, so a slow query
(which waits in its own query process) holds one thread, not the server. The worker class is
ours (:mod:`ikkan.web.connections`): a request gets a thread only once it has arrived, and a
client that sends or reads too slowly is cut off, so slow connections cannot take every thread.
Each worker process builds its own app, and with it its own query processes. The request line
is capped at 8 KB (gunicorn's maximum): longer queries must be POSTed, as the SPARQL Protocol
recommends.
"""

from __future__ import annotations

import logging
import sys
from typing import Any

from flask import Flask
from gunicorn.app.base import BaseApplication

from ..settings import Settings
from ..store import is_built, missing_store
from .app import create_app
from .connections import worker_class


def _bind(settings: Settings) -> str:
    host = f"[{settings.host}]" if ":" in settings.host else settings.host
    return f"{host}:{settings.port}"


def gunicorn_options(settings: Settings) -> dict[str, Any]:
    return {
        "bind": [_bind(settings)],
        "workers": settings.workers,
        # Bodies past the limit are refused by the app after reading a little of them.
        "worker_class": worker_class(settings.client_timeout, settings.max_request_bytes + 65536),
        "threads": settings.threads,
        # Files go out through sendall, which enforces the minimum rate; sendfile would not.
        "sendfile": False,
        # gthread's heartbeat does not stall on slow requests; this only catches a wedged worker.
        "timeout": int(settings.query_timeout + settings.query_wait + 30),
        "graceful_timeout": 10,
        "keepalive": 5,
        "limit_request_line": 8190,
        "accesslog": None,
        "errorlog": "-",
        "loglevel": settings.log_level,
        "preload_app": False,
        "proc_name": "ikkan",
        # gunicorn >= 24 opens a control socket in $HOME by default; ikkan does not use it,
        # and several servers (tests, benchmarks) must not share one.
        "control_socket_disable": True,
    }


class _Gunicorn(BaseApplication):  # type: ignore[misc]
    def __init__(self, settings: Settings) -> None:
        self._settings = settings
        super().__init__()

    def load_config(self) -> None:
        for key, value in gunicorn_options(self._settings).items():
            if key in self.cfg.settings:
                self.cfg.set(key, value)

    def load(self) -> Flask:
        return create_app(self._settings)


def configure_logging(settings: Settings) -> None:
    logging.basicConfig(
        stream=sys.stderr,
        level=settings.log_level.upper(),
        format="%(asctime)s %(levelname)s %(name)s %(message)s",
    )


def run_server(settings: Settings) -> int:
    """Serve until stopped; 2 when there is no store to serve."""
    if not settings.store_url and not is_built(settings):
        print(missing_store(settings), file=sys.stderr)
        return 2
    configure_logging(settings)
    _Gunicorn(settings).run()
    return 0
