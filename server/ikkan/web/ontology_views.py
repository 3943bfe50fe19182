"""``/ontology``: the ontology's documentation for people, its RDF for programs.

Every term IRI (``…/ontology#School``) resolves here: a browser gets one page with an anchor
per term (labels, definitions, alignments, domains, ranges, instance counts); a program gets the
ontology's named graph in Turtle, JSON-LD, N-Triples or RDF/XML by ``Accept``, ``?format=`` or a
suffix (``/ontology.ttl``). ``/ontology/School`` and the version IRI redirect to the page.
"""

from __future__ import annotations

from flask import Blueprint, Response, abort, render_template

from ..site import ontology
from ..site.sparql_terms import is_iri
from ..sparql import conneg
from .caching import respond
from .responses import document, html, link_header, negotiated, see_other
from .state import get_state
from .templating import reader_language

bp = Blueprint("ontology", __name__)


def _alternates() -> list[tuple[str, str]]:
    return [("/ontology", "text/html")] + [
        (f"/ontology.{fmt.suffix}", fmt.media_type) for fmt in conneg.GRAPH
    ]


@bp.route("/ontology")
def ontology_page() -> Response:
    fmt = negotiated(conneg.DOCUMENT)
    if isinstance(fmt, Response):
        return fmt
    return _answer(fmt, ("Accept", "Accept-Language") if fmt is conneg.HTML else ("Accept",))


@bp.route("/ontology.<suffix>")
def ontology_document(suffix: str) -> Response:
    fmt = conneg.by_suffix(conneg.GRAPH, suffix)
    if fmt is None:
        abort(404)
    return _answer(fmt, ())


@bp.route("/ontology/<path:term>")
def ontology_term(term: str) -> Response:
    """``/ontology/School`` (and the version IRI ``/ontology/0.1.0``) → the page's anchor."""
    if len(term) > 200 or not is_iri("https://example.org/" + term):
        abort(400, description="Not a term name.")
    anchor = "" if term[:1].isdigit() else "#" + term
    return see_other("/ontology" + anchor)


def _answer(fmt: conneg.Format, vary: tuple[str, ...]) -> Response:
    state = get_state()
    base = state.settings.base_iri
    lang = reader_language()

    def build() -> Response:
        alternates = [(h, m) for h, m in _alternates() if m != fmt.media_type]
        if fmt is conneg.HTML:
            doc = state.store.run_task("ontology_page", lang=lang, base=base)
            response = html(render_template("ontology.html", o=doc))
            response.headers["Link"] = link_header(alternates)
            return response
        triples = state.store.construct(ontology.graph_triples_query(base))
        return document(triples, fmt, alternates)

    return respond([fmt.name, lang if fmt is conneg.HTML else ""], vary, build)
