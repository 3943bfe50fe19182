"""``/query``: the query page — an editor, the research questions, and answers people can use.

``GET /query`` shows the editor; ``?query=…`` runs a query (this URL is the permalink: it can be
shared and cited), ``?example=<name>`` loads and runs a research question from ``queries/``, and
``&page=N`` shows another page of a long answer. A ``POST`` of the form is answered with a 303 to
the permalink when the query fits in a URL (redirect-after-POST, so every result can be shared),
and rendered directly otherwise. The page is rendered by the server and works without
JavaScript; the editor script (CodeMirror, bundled at install time) only enhances it, and reads
``/query/completions.json``. A query that the store cannot answer renders the whole page with
the endpoint's message beside the editor and the endpoint's status code.
"""

from __future__ import annotations

import logging
import secrets
from pathlib import Path
from typing import Any

from flask import Blueprint, Response, current_app, jsonify, redirect, render_template, request
from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.wrappers import Response as BaseResponse

from ..namespaces import PREFIXES
from ..research_questions import Example, load_examples, load_tag_names
from ..site.query_page import show as query_page
from ..site.query_page.completions import Term, completions, vocabulary
from ..site.query_page.run import normalise
from ..store.base import QueryError, QueryTooLong, ResultKind, StoreBusy, StoreUnavailable
from .responses import CONTENT_SECURITY_POLICY, cacheable, html
from .state import get_state
from .templating import LANGUAGES, reader_language

bp = Blueprint("query", __name__)
log = logging.getLogger(__name__)

EDITOR_SCRIPT = "editor/query-editor.js"
# The query shown in an empty editor: what a first question looks like, with our prefixes.
STARTER_BODY = """SELECT ?school ?label WHERE {
  ?school a ikkan:School ;
          rdfs:label ?label .
  FILTER(lang(?label) = "ja")
}
ORDER BY ?label
"""


def prologue(prefixes: list[str]) -> str:
    return "".join(f"PREFIX {p}: <{PREFIXES[p]}>\n" for p in prefixes)


def starter_query() -> str:
    return prologue(["ikkan", "rdfs"]) + "\n" + STARTER_BODY


def _page_number(value: str | None) -> int:
    try:
        return max(1, int(value or 1))
    except ValueError:
        return 1


def _param(name: str) -> str | None:
    """A parameter from the URL, else from a POSTed form (when it could be read)."""
    if name in request.args:
        return request.args[name]
    if request.method != "POST":
        return None
    try:
        return request.form.get(name)
    except RequestEntityTooLarge:
        return None


def _explicit_lang() -> str | None:
    value = (_param("lang") or "").strip().lower()
    return value if value in LANGUAGES else None


def _state_params(query: str | None, example: Example | None) -> dict[str, str]:
    """The parameters that name what the page shows: the example, or the query text."""
    params = {"example": example.name} if example else {"query": query or ""}
    lang = _explicit_lang()
    if lang:
        params["lang"] = lang
    return params


def _url(params: dict[str, str], page: int = 1) -> str:
    if page > 1:
        params = {**params, "page": str(page)}
    return query_page.url_with(request.script_root + "/query", params)


def _editor_available() -> bool:
    """Whether the editor bundle was built (``make`` builds it; the page works without it)."""
    static = current_app.static_folder
    return static is not None and (Path(static) / EDITOR_SCRIPT).is_file()


def _posted(limit: int) -> tuple[str, int, query_page.Problem | None]:
    """The query and page of a POSTed form, or why it could not be read."""
    # A form a little over the query limit is still read, so that the page can say why.
    request.max_content_length = limit + 64 * 1024
    try:
        form = request.form
    except RequestEntityTooLarge:
        too_long = QueryTooLong(f"The query is longer than {limit:,} bytes.")
        return "", 1, query_page.problem(too_long, "")
    return normalise(form.get("query", "")), _page_number(form.get("page")), None


@bp.route("/query", methods=["GET", "POST"])
def query() -> BaseResponse:
    state = get_state()
    settings = state.settings
    lang = reader_language()
    examples = load_examples(settings.queries_dir)
    example: Example | None = None
    status = 200
    context: dict[str, Any] = {}
    if request.method == "POST":
        text, page, unreadable = _posted(settings.max_request_bytes)
        if unreadable is not None:
            status, context["problem"] = unreadable.status, unreadable
        elif text.strip():
            url = _url(_state_params(text, None), page)
            if query_page.fits(url):
                return redirect(url, 303)
    else:
        page = _page_number(request.args.get("page"))
        if "example" in request.args:
            example = examples.get(request.args["example"])
            if example is None:
                status = 404
                context["missing_example"] = request.args["example"][:200]
            text = example.query if example else ""
        else:
            text = normalise(request.args.get("query", ""))

    ran = bool(text.strip())
    if ran:
        params = _state_params(text, example)
        permalink = _url(_state_params(text, None))
        context["permalink"] = permalink if query_page.fits(permalink) else None
        context["page_url"] = (lambda n: _url(params, n)) if query_page.fits(_url(params)) else None
        try:
            shown = query_page.show(state.store, settings, text, page, lang)
        except QueryError as exc:
            problem = query_page.problem(exc, text)
            context["problem"] = problem
            status = problem.status
            if isinstance(exc, StoreBusy):
                context["retry_after"] = "2"
            elif isinstance(exc, StoreUnavailable):
                context["retry_after"] = "5"
        else:
            context["shown"] = shown
            context["downloads"] = query_page.downloads(
                request.script_root + "/sparql", text, ResultKind(shown.kind)
            )
    # The editor (CodeMirror) writes its styles into a <style> element: this page's policy
    # admits that one element by a nonce, fresh for every answer, and nothing else inline.
    style_nonce = secrets.token_urlsafe(18) if _editor_available() else None
    rendered = render_template(
        "query.html",
        style_nonce=style_nonce,
        query=text if ran or example else starter_query(),
        example=example,
        examples=list(examples.values()),
        tag_names=load_tag_names(settings.queries_dir),
        prefixes=PREFIXES,
        settings=settings,
        editor_script=EDITOR_SCRIPT if _editor_available() else None,
        lang_param=_explicit_lang(),
        **context,
    )
    response = html(rendered, status)
    if style_nonce:
        response.headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY.replace(
            "default-src 'self';", f"default-src 'self'; style-src 'self' 'nonce-{style_nonce}';"
        )
    if "retry_after" in context:
        response.headers["Retry-After"] = context["retry_after"]
    if _explicit_lang() is None:
        response.vary.add("Accept-Language")
    return response


def _vocabulary() -> list[Term]:
    """The completable terms, asked once per data set version and process."""
    state = get_state()
    return state.completions.get(state.version, lambda: vocabulary(state.store, timeout=10))


@bp.route("/query/completions.json")
def completions_json() -> Response:
    """Prefixes, classes and properties for the editor, labelled in the reader's language."""
    try:
        terms = _vocabulary()
    except QueryError as exc:
        log.warning("completions could not be computed: %s", exc)
        response = jsonify({"prefixes": PREFIXES, "terms": [], "error": str(exc)})
        response.status_code = exc.status
        return response
    response = jsonify(completions(terms, reader_language()))
    cacheable(response)
    response.vary.add("Accept-Language")
    return response
