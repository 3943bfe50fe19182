"""Small HTTP answers the site's views share: plain-text errors, 303s, Link headers, negotiation.

Each view negotiates with one table of :mod:`ikkan.sparql.conneg`; :func:`negotiated` returns
the chosen format or the 406 answer to send (with ``Vary: Accept``), so every view refuses the
same way.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from flask import Response, request

from ..sparql import conneg
from ..store.base import NotAcceptable


def text(status: int, message: str) -> Response:
    """A ``text/plain`` answer (errors for programs)."""
    response = Response(message.rstrip("\n") + "\n", status=status)
    response.content_type = "text/plain; charset=utf-8"
    return response


def see_other(target: str) -> Response:
    """303 See Other to a local ``target``."""
    response = Response(status=303)
    response.headers["Location"] = target
    return response


def link_header(links: Iterable[tuple[str, str]]) -> str:
    """``Link`` with ``rel="alternate"`` for each (target, media type)."""
    return ", ".join(f'<{href}>; rel="alternate"; type="{media}"' for href, media in links)


def negotiated(table: Sequence[conneg.Format]) -> conneg.Format | Response:
    """The format of ``table`` this request asks for (``format=``, then ``Accept``), or the
    406 answer to send when it accepts none of them."""
    try:
        return conneg.negotiate(table, request.headers.get("Accept"), request.args.get("format"))
    except NotAcceptable as exc:
        response = text(406, str(exc))
        response.vary.add("Accept")
        return response


# What the pages need, and no more: our own scripts, styles and images (the favicon is a
# data: URL), nothing inline, no plugins, no framing, forms that post only to us.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)
