"""What every answer of the server shares, written once: pages, text, RDF documents, headers.

:func:`html` and :func:`text` are every page and every plain-text message; :func:`document` is
every RDF document (VoID, the ontology, ``/data/…``, the service description), written by one
serialiser, with its ``Link`` alternates; :func:`cacheable` the one ``Cache-Control`` (ETags
and ``Vary`` come from :mod:`ikkan.web.caching`); :func:`see_other` the 303s of Cool URIs. Each
view negotiates with one table of :mod:`ikkan.sparql.conneg`; :func:`negotiated` returns the
chosen format or the 406 answer to send (with ``Vary: Accept``), so every view refuses the same
way. The content security policy every page runs under is here too.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import pyoxigraph as ox
from flask import Response, request

from ..site.documents import content_type, serialize
from ..sparql import conneg
from ..store.base import NotAcceptable

# How long a shared cache or a browser may keep an answer before it revalidates: every cacheable
# answer of the server says this (the data is versioned, so an ETag then answers cheaply).
MAX_AGE = 300


def text(status: int, message: str, headers: dict[str, str] | None = None) -> Response:
    """A ``text/plain`` answer (errors for programs)."""
    response = Response(message.rstrip("\n") + "\n", status=status)
    response.content_type = "text/plain; charset=utf-8"
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


def html(body: str, status: int = 200) -> Response:
    """An HTML page."""
    response = Response(body, status=status)
    response.content_type = "text/html; charset=utf-8"
    return response


def document(
    triples: Iterable[ox.Triple], fmt: conneg.Format, alternates: Iterable[tuple[str, str]]
) -> Response:
    """An RDF document in ``fmt`` (every document of the site is written the same way), with
    ``Link: rel="alternate"`` to its other representations."""
    response = Response(serialize(triples, fmt), status=200)
    response.content_type = content_type(fmt)
    response.headers["Link"] = link_header(alternates)
    return response


def cacheable(response: Response) -> Response:
    """Let shared caches and browsers keep ``response`` for :data:`MAX_AGE` seconds."""
    response.headers["Cache-Control"] = f"public, max-age={MAX_AGE}"
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
