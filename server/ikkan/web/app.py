"""The Flask application factory.

``create_app(settings)`` opens the store once for the process (its query processes are forked
here, while the process is still single-threaded), keeps it in ``app.extensions["ikkan"]`` and
registers one blueprint per surface. There is no app at module level: gunicorn, the tests and
the benchmarks each build their own.
"""

from __future__ import annotations

import atexit
import logging
from dataclasses import dataclass, field

from flask import Flask, Response, current_app

from ..settings import Settings, load_settings
from ..store import Store, open_store

log = logging.getLogger(__name__)

# Named graphs are listed for the service description; a national graph has ~2,000.
_NAMED_GRAPHS_QUERY = "SELECT DISTINCT ?g WHERE { GRAPH ?g { } } ORDER BY ?g LIMIT 10000"


@dataclass
class IkkanState:
    """What every request of this process shares."""

    settings: Settings
    store: Store
    _named_graphs: tuple[str, ...] | None = field(default=None, repr=False)

    def named_graphs(self) -> tuple[str, ...]:
        """The store's named graphs, asked once per process (the data is read-only)."""
        if self._named_graphs is None:
            try:
                rows = self.store.select(_NAMED_GRAPHS_QUERY, timeout=10)
                self._named_graphs = tuple(str(row["g"].value) for row in rows if row["g"])
            except Exception:
                # The description is still useful without the list; try again next time.
                log.warning("could not list the named graphs", exc_info=True)
                return ()
        return self._named_graphs


def get_state() -> IkkanState:
    state: IkkanState = current_app.extensions["ikkan"]
    return state


def create_app(settings: Settings | None = None, store: Store | None = None) -> Flask:
    """Build the app; ``store`` lets a caller share one already opened."""
    settings = settings or load_settings()
    app = Flask("ikkan", template_folder="templates", static_folder="static")
    app.json.ensure_ascii = False  # type: ignore[attr-defined]  # Japanese stays readable in JSON
    if store is None:
        store = open_store(settings)
        atexit.register(store.close)
    app.extensions["ikkan"] = IkkanState(settings=settings, store=store)

    from . import data_views, home_views, ontology_views, pages_views, search_views
    from .language import inject_language
    from .query_views import bp as query_bp
    from .site_context import inject_site
    from .sparql_views import bp as sparql_bp

    app.context_processor(inject_language)
    app.context_processor(inject_site)
    app.register_blueprint(sparql_bp)
    app.register_blueprint(query_bp)
    # The linked-data site: dereferencing and entity pages, ontology, search, data set, home.
    for site_bp in (
        pages_views.bp,
        ontology_views.bp,
        search_views.bp,
        data_views.bp,
        home_views.bp,
    ):
        app.register_blueprint(site_bp)
    app.after_request(_open_for_reading)
    return app


def _open_for_reading(response: Response) -> Response:
    """Every answer may be read by any origin (CORS): the graph is public and read-only, and a
    browser-based client must be able to follow a 303 and read its ``Link`` alternates. No
    answer may be sniffed into another type than the one it declares."""
    response.headers.setdefault("Access-Control-Allow-Origin", "*")
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault(
        "Access-Control-Expose-Headers", "Link, Location, ETag, Content-Disposition, Retry-After"
    )
    return response
