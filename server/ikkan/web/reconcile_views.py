"""``/reconcile``: the W3C Entity Reconciliation Service API (0.2), as a Flask blueprint.

``/reconcile`` answers a GET without parameters with the manifest, and ``queries=`` (a batch of
queries) or ``extend=`` (data extension), sent as GET parameters or a POST form, with JSON; the
suggest services, property proposals, the preview (HTML for an iframe) and the view (303 to the
entity's page) sit under it. The service — the index of every school and place — is built on
the first request of each data set version and kept by the process (:mod:`ikkan.web.state`).
Answers are JSON, errors too (``{"error": …}`` with the status: 400 malformed, 413 a batch over
the limit, 503 a batch past its time limit); CORS is open as everywhere on the server.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable
from typing import Any

from flask import Blueprint, Response, abort, render_template, request

from ..reconcile import Service, load_service
from ..reconcile.manifest import PREVIEW_HEIGHT, PREVIEW_WIDTH, manifest
from ..reconcile.query import ReconcileError
from ..reconcile.suggest import (
    DEFAULT_SUGGESTIONS,
    MAX_SUGGESTIONS,
    propose_properties,
    suggest_properties,
    suggest_types,
)
from ..site.links import page_path
from .caching import respond
from .responses import html, see_other
from .state import get_state, public_url

bp = Blueprint("reconcile", __name__)
log = logging.getLogger("ikkan.reconcile")

# The preview is made to be framed by any client (OpenRefine shows it in an iframe): its own
# policy allows that, and nothing else the site's policy forbids.
PREVIEW_POLICY = (
    "default-src 'none'; style-src 'self'; img-src 'self' data:; base-uri 'none'; "
    "form-action 'none'; frame-ancestors *"
)


def _json(payload: Any, status: int = 200) -> Response:
    response = Response(json.dumps(payload, ensure_ascii=False), status=status)
    response.content_type = "application/json; charset=utf-8"
    return response


def _error(exc: ReconcileError) -> Response:
    log.info("reconcile %s %s: %s", request.method, request.path, exc)
    response = _json({"error": str(exc)}, exc.status)
    response.headers["Cache-Control"] = "no-store"
    return response


def _service() -> Service:
    state = get_state()
    return state.reconcile.get(
        state.version, lambda: load_service(state.store, state.settings.base_iri)
    )


def _parameter(name: str) -> str | None:
    if name in request.args:
        return request.args[name]
    if request.method == "POST":
        return request.form.get(name)
    return None


def _count(name: str, default: int, maximum: int) -> int:
    raw = request.args.get(name, "")
    if raw == "":
        return default
    if not raw.isdigit():
        raise ReconcileError(f"{name} is a whole number, not {raw[:40]!r}")
    return min(int(raw), maximum)


@bp.route("/reconcile", methods=["GET", "POST"])
def reconcile() -> Response:
    settings = get_state().settings
    try:
        if (
            request.method == "POST"
            and request.content_length
            and (request.content_length > settings.max_request_bytes)
        ):
            raise ReconcileError(
                f"The request body is larger than {settings.max_request_bytes:,} bytes.", 413
            )
        queries, extend = _parameter("queries"), _parameter("extend")
        if queries is not None:
            start = time.monotonic()
            answer = _service().reconcile(
                queries, settings.reconcile_max_batch, settings.reconcile_timeout
            )
            log.info(
                "reconcile client=%s queries=%d ms=%.1f",
                request.remote_addr or "-",
                len(answer),
                (time.monotonic() - start) * 1000,
            )
            return _json(answer)
        if extend is not None:
            return _json(_service().extend(extend, settings.reconcile_max_batch))
        if request.method == "POST":
            raise ReconcileError("POST a form with queries= (reconciliation) or extend=.")
    except ReconcileError as exc:
        return _error(exc)
    url = public_url("/reconcile")
    return respond(
        ["manifest"],
        (),
        lambda: _json(manifest(url, settings.base_iri, settings.reconcile_max_batch)),
    )


@bp.route("/reconcile/suggest/entity")
def suggest_entity() -> Response:
    try:
        cursor = _count("cursor", 0, 10_000)
        limit = _count("limit", DEFAULT_SUGGESTIONS, MAX_SUGGESTIONS)
        prefix = request.args.get("prefix", "")[:200]
        found = _service().suggest_entities(prefix, cursor, limit, request.args.get("type"))
    except ReconcileError as exc:
        return _error(exc)
    return _json(found)


@bp.route("/reconcile/suggest/type")
def suggest_type() -> Response:
    return _suggest_from_list(suggest_types)


@bp.route("/reconcile/suggest/property")
def suggest_property() -> Response:
    return _suggest_from_list(suggest_properties)


def _suggest_from_list(suggest: Callable[[str, int, int], Any]) -> Response:
    """A suggest service over a fixed list (types, properties): prefix, cursor and limit."""
    try:
        cursor = _count("cursor", 0, 10_000)
        limit = _count("limit", DEFAULT_SUGGESTIONS, MAX_SUGGESTIONS)
    except ReconcileError as exc:
        return _error(exc)
    return _json(suggest(request.args.get("prefix", "")[:200], cursor, limit))


@bp.route("/reconcile/propose_properties")
def propose() -> Response:
    try:
        limit = _count("limit", 20, 100)
        type_id = request.args.get("type", "")
        if not type_id:
            raise ReconcileError("propose_properties needs type=, a type id (ElementarySchool)")
    except ReconcileError as exc:
        return _error(exc)
    return _json(propose_properties(type_id[:200], limit))


@bp.route("/reconcile/preview")
def preview() -> Response:
    entity_id = request.args.get("id", "")[:512]
    found = _service().preview(entity_id)
    if found is None:
        abort(404, description=f"No entity with id {entity_id!r}.")
    base = get_state().settings.base_iri
    response = html(
        render_template(
            "reconcile_preview.html",
            preview=found,
            page=public_url(page_path(found.entity.iri, base) or "/"),
            pages={
                e.id: public_url(page_path(e.iri, base) or "/")
                for e in [*found.successors, *found.predecessors]
            },
            width=PREVIEW_WIDTH,
            height=PREVIEW_HEIGHT,
        )
    )
    response.headers["Content-Security-Policy"] = PREVIEW_POLICY
    return response


@bp.route("/reconcile/view")
def view() -> Response:
    entity_id = request.args.get("id", "")[:512]
    entity = _service().index.entities.get(entity_id)
    if entity is None:
        abort(404, description=f"No entity with id {entity_id!r}.")
    target = page_path(entity.iri, get_state().settings.base_iri)
    if target is None:
        abort(404, description=f"No page for {entity_id!r}.")
    return see_other(target)
