"""``/search?q=``: labels in Japanese (substring), English and romanised names, ranked.

HTML for people and JSON for scripts (``format=json`` or ``Accept: application/json``):
``{"query", "total", "page", "pages", "results": [{"iri", "label", "lang", "types", "match",
"matched", "href"}]}``. An empty query shows the search form; a query over 200 characters is a
400. Pagination by ``page=``.
"""

from __future__ import annotations

import json

from flask import Blueprint, Response, render_template, request

from ..site import search as search_service
from ..sparql import conneg
from .caching import respond
from .paths import page_number
from .responses import html, negotiated
from .state import get_state
from .templating import reader_language

bp = Blueprint("search", __name__)


def _json(status: int, payload: dict[str, object]) -> Response:
    body = json.dumps(payload, ensure_ascii=False, indent=1)
    response = Response(body, status=status)
    response.content_type = "application/json; charset=utf-8"
    return response


@bp.route("/search")
def search() -> Response:
    fmt = negotiated(conneg.SEARCH)
    if isinstance(fmt, Response):
        return fmt
    query = request.args.get("q", "")
    lang = reader_language()
    page = page_number("page")
    state = get_state()

    def build() -> Response:
        html_status = 200
        results = None
        error = ""
        if query.strip() or fmt is conneg.JSON:
            try:
                if not search_service.is_clean(query):
                    raise search_service.SearchError("The query has control characters.")
                found = state.store.run_task(
                    "search_page",
                    text=query,
                    lang=lang,
                    base=state.settings.base_iri,
                    page=page,
                    index=state.search_index,
                )
                if isinstance(found, search_service.SearchError):
                    raise found
                results = found
            except search_service.SearchError as exc:
                error, html_status = str(exc), 400
        if fmt is conneg.JSON:
            if results is None:
                return _json(400, {"query": query[:200], "error": error})
            return _json(
                200,
                {
                    "query": results.query,
                    "total": results.total,
                    "page": results.page,
                    "pages": results.pages,
                    "results": [r.as_json() for r in results.results],
                },
            )
        return html(
            render_template("search.html", query=query, results=results, error=error), html_status
        )

    return respond([fmt.name, lang], ("Accept", "Accept-Language"), build)
