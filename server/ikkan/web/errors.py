"""The answers every route gives when something expected goes wrong, from one place.

- The store cannot be reached (a remote endpoint down, the on-disk store moved away) or every
  query process is busy: ``503 Service Unavailable`` with ``Retry-After``, a short page for
  browsers or plain text for programs, and one log line, never a traceback: it is an outage,
  not a bug.
- Another query a page needed failed (its time limit): the error's status, one log line.
- A request body the HTTP server could not read (a malformed chunked body): ``400``; one that
  did not arrive in time: ``408``. :func:`guard_input` turns the server's exceptions, raised
  while a view reads the body, into these HTTP errors, so the view never sees them as bugs.

Messages never name the store's location: the log does, for the operator.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from typing import IO, Any

from flask import Flask, Response, render_template, request
from gunicorn.http.errors import ParseException
from werkzeug.exceptions import BadRequest, HTTPException, RequestTimeout

from ..sparql import conneg
from ..store.base import NotAcceptable, QueryError, StoreBusy, StoreUnavailable
from .connections import SlowClient
from .responses import html, text

log = logging.getLogger("ikkan.web")

RETRY_AFTER = "5"
BUSY_RETRY_AFTER = "2"

WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


class _GuardedInput:
    """``wsgi.input`` whose read errors are HTTP errors (400, 408) instead of crashes."""

    def __init__(self, stream: IO[bytes]) -> None:
        self._stream = stream

    def _call(self, name: str, *args: Any) -> Any:
        try:
            return getattr(self._stream, name)(*args)
        except SlowClient as exc:
            raise RequestTimeout(f"{exc}.") from None
        except ParseException as exc:
            log.info("malformed request body from %s: %s", request.remote_addr or "-", exc)
            raise BadRequest(f"The request body is malformed: {str(exc)[:200]}") from None

    def read(self, *args: Any) -> bytes:
        data: bytes = self._call("read", *args)
        return data

    def readline(self, *args: Any) -> bytes:
        data: bytes = self._call("readline", *args)
        return data

    def readlines(self, *args: Any) -> list[bytes]:
        data: list[bytes] = self._call("readlines", *args)
        return data

    def __iter__(self) -> _GuardedInput:
        return self

    def __next__(self) -> bytes:
        line = self.readline()
        if not line:
            raise StopIteration
        return line


def guard_input(app: WSGIApp) -> WSGIApp:
    """Wrap a WSGI app so that errors reading the request body become HTTP errors."""

    def wrapped(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        stream = environ.get("wsgi.input")
        if stream is not None:
            environ["wsgi.input"] = _GuardedInput(stream)
        return app(environ, start_response)

    return wrapped


def _wants_html() -> bool:
    try:
        return conneg.negotiate(conneg.DOCUMENT, request.headers.get("Accept")) is conneg.HTML
    except NotAcceptable:
        return False


def unavailable(exc: QueryError) -> Response:
    """503 with Retry-After: a page for people, plain text for programs."""
    busy = isinstance(exc, StoreBusy)
    log.warning("%s %s: %s: %s", request.method, request.path[:200], type(exc).__name__, exc)
    retry = BUSY_RETRY_AFTER if busy else RETRY_AFTER
    if _wants_html():
        response = html(render_template("unavailable.html", busy=busy, retry_after=retry), 503)
    else:
        what = "The server is busy" if busy else "The data store cannot be reached at the moment"
        response = text(503, f"{what}; try again in {retry} seconds.")
    response.headers["Retry-After"] = retry
    response.headers["Cache-Control"] = "no-store"
    response.vary.add("Accept")
    return response


def _query_error(exc: QueryError) -> Response:
    if isinstance(exc, StoreUnavailable | StoreBusy):
        return unavailable(exc)
    log.warning("%s %s: %s: %s", request.method, request.path[:200], type(exc).__name__, exc)
    response = text(exc.status, str(exc).replace("\n\n", "\n"))
    response.headers["Cache-Control"] = "no-store"
    return response


def _timeout(error: HTTPException) -> Response:
    return text(408, f"Request timeout: {error.description}", {"Connection": "close"})


def install(app: Flask) -> None:
    app.wsgi_app = guard_input(app.wsgi_app)  # type: ignore[method-assign, assignment]
    app.register_error_handler(QueryError, _query_error)
    app.register_error_handler(408, _timeout)
