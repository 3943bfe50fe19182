"""The Flask application factory.

``create_app(settings)`` opens the store once for the process (its query processes are forked
here, while the process is still single-threaded), keeps it in ``app.extensions["ikkan"]`` and
registers one blueprint per surface. There is no app at module level: gunicorn, the tests and
the benchmarks each build their own.
"""

from __future__ import annotations

import atexit

from flask import Flask, Response, request

from ..settings import Settings, load_settings
from ..store import Store, open_store
from . import (
    data_views,
    errors,
    home_views,
    ontology_views,
    overview_views,
    pages_views,
    query_views,
    reconcile_views,
    search_views,
    sparql_views,
)
from .fast_path import FastPath
from .responses import CONTENT_SECURITY_POLICY
from .state import IkkanState, get_state
from .templating import template_context


def create_app(settings: Settings | None = None, store: Store | None = None) -> Flask:
    """Build the app; ``store`` lets a caller share one already opened."""
    settings = settings or load_settings()
    app = Flask("ikkan", template_folder="templates", static_folder="static")
    app.json.ensure_ascii = False  # type: ignore[attr-defined]  # Japanese stays readable in JSON
    if store is None:
        store = open_store(settings)
        atexit.register(store.close)
    app.extensions["ikkan"] = IkkanState(settings=settings, store=store)

    app.context_processor(template_context)
    app.register_blueprint(sparql_views.bp)
    app.register_blueprint(query_views.bp)
    app.register_blueprint(reconcile_views.bp)
    # The linked-data site: dereferencing and entity pages, ontology, search, data set, home.
    for site_bp in (
        pages_views.bp,
        ontology_views.bp,
        search_views.bp,
        data_views.bp,
        home_views.bp,
        overview_views.bp,
    ):
        app.register_blueprint(site_bp)
    if settings.trusted_host_names:
        app.config["TRUSTED_HOSTS"] = list(settings.trusted_host_names)
    errors.install(app)
    app.before_request(_preflight)
    app.after_request(_common_headers)
    # Outermost: a repeated request is answered before anything else runs.
    app.wsgi_app = FastPath(app.wsgi_app, app.extensions["ikkan"])  # type: ignore[method-assign]
    return app


_PREFLIGHT_METHODS = ("GET", "HEAD", "POST")


def _preflight() -> Response | None:
    """A CORS preflight (OPTIONS with Access-Control-Request-Method) on any route: the route's
    methods and whatever headers the client asks for (If-None-Match, Accept-Language…)."""
    if request.method != "OPTIONS" or "Access-Control-Request-Method" not in request.headers:
        return None
    rule = request.url_rule
    if rule is None:
        return None  # an unknown path: its 404
    methods = [m for m in _PREFLIGHT_METHODS if m in (rule.methods or ())]
    response = Response(status=204)
    del response.headers["Content-Type"]
    response.headers["Access-Control-Allow-Methods"] = ", ".join([*methods, "OPTIONS"])
    asked = request.headers.get("Access-Control-Request-Headers", "")
    response.headers["Access-Control-Allow-Headers"] = asked[:1000] or "Accept"
    response.headers["Access-Control-Max-Age"] = "86400"
    return response


def _common_headers(response: Response) -> Response:
    """Every answer may be read by any origin (CORS): the graph is public and read-only, and a
    browser-based client must be able to follow a 303 and read its ``Link`` alternates. No
    answer may be sniffed into another type than the one it declares, and every page runs
    under the content security policy. With a public base URL, redirects name it."""
    headers = response.headers
    headers.setdefault("Access-Control-Allow-Origin", "*")
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault(
        "Access-Control-Expose-Headers",
        "Link, Location, ETag, Content-Disposition, Retry-After, X-Ikkan-Cache",
    )
    headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    public = get_state().settings.public_base
    location = headers.get("Location")
    if public and location and location.startswith("/") and not location.startswith("//"):
        headers["Location"] = public + location
    return response
