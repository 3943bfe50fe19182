"""Dereferencing the graph's IRIs: ``/id/…`` (and ``/graph/…``) → 303 → a page or a document.

The Cool-URIs pipeline, one step each: check the path (400), find the entity (404 with a
helpful page, or plain text for programs), negotiate (406), and answer ``303 See Other`` to the
HTML page ``/page/…`` or the data document ``/data/….ttl|.jsonld|.nt|.rdf``. Those answer 200
with ``Link: rel="alternate"`` to every other representation, an ETag and Cache-Control. Also
``/class/…``: the instances of a class, a page at a time. The pages' content comes from the
services in :mod:`ikkan.site`; nothing here builds SPARQL.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

import jinja2
import pyoxigraph as ox
from flask import Blueprint, Response, abort, render_template, request
from werkzeug.exceptions import HTTPException

from ..namespaces import DCTERMS, FOAF, VOID
from ..site import entity
from ..site.dataset import LICENCE, dataset_iri
from ..site.entity_page import EntityPage
from ..site.links import data_path, full_code_key, iri_of_document, page_path
from ..site.search import SearchError
from ..site.sparql_terms import IKKAN, compact, expand
from ..sparql import conneg
from ..store.base import NotAcceptable
from .caching import respond
from .paths import checked_key, page_number
from .responses import cacheable, document, html, link_header, negotiated, see_other, text
from .state import get_state, public_url
from .templating import reader_language

bp = Blueprint("pages", __name__)

RDF_FORMATS = conneg.GRAPH
_QUOTE = IKKAN + "quote"


def _base() -> str:
    return get_state().settings.base_iri


def alternates(iri: str) -> list[tuple[str, str]]:
    """(href, media type) of every representation of ``iri``: its page, then its data."""
    base = _base()
    links = [(page_path(iri, base) or "", "text/html")]
    for fmt in RDF_FORMATS:
        links.append((data_path(iri, base, fmt.suffix or "") or "", fmt.media_type))
    return links


def _wants_html() -> bool:
    try:
        return conneg.negotiate(conneg.DOCUMENT, request.headers.get("Accept")) is conneg.HTML
    except NotAcceptable:
        return False


def not_found(iri: str | None = None) -> Response:
    """404: a page with a search box and suggestions for people, plain text for programs."""
    if not _wants_html():
        what = f"Nothing in this graph is called <{iri}>." if iri else "No such page."
        return text(404, what + " Search: /search?q=…  Data set: /.well-known/void")
    suggestions = []
    words = _words(iri or request.path)
    if words:
        try:
            found = get_state().store.run_task(
                "search_page",
                text=words,
                lang=reader_language(),
                base=_base(),
                index=get_state().search_index,
            )
            if isinstance(found, SearchError):
                raise found
            suggestions = found.results[:10]
        except SearchError:
            suggestions = []
    return html(
        render_template("not_found.html", iri=iri, query=words, suggestions=suggestions), 404
    )


def _words(path: str) -> str:
    """The likeliest name in a path (``/id/school/092088-otome-es`` → ``otome``)."""
    tail = path.rstrip("/").rsplit("/", 1)[-1]
    words = [w for w in tail.replace("_", "-").split("-") if w.isalpha() and len(w) >= 3]
    return max(words, key=len) if words else ""


@bp.app_errorhandler(404)
def _unknown_path(error: HTTPException) -> Response:
    return not_found()


@bp.app_errorhandler(400)
def _bad_request(error: HTTPException) -> Response:
    return text(400, f"Bad request: {error.description}")


def _existing(key: str) -> str:
    iri = iri_of_document(checked_key(key), _base())
    if not entity.exists(get_state().store, iri):
        abort(not_found(iri))
    return iri


# --- /id/… and /graph/…: 303 See Other -----------------------------------------------------


@bp.route("/id/", defaults={"key": ""})
@bp.route("/id/<path:key>")
def dereference(key: str) -> Response:
    if not key:
        # The root resource of the data set's URI space: its description.
        return _see_other_root()
    return _see_other(_existing(key))


@bp.route("/graph/<path:name>")
def dereference_graph(name: str) -> Response:
    checked_key(name)
    return _see_other(_existing("_graph/" + name))


def _see_other(iri: str) -> Response:
    fmt = negotiated(conneg.DOCUMENT)
    if isinstance(fmt, Response):
        fmt.headers["Link"] = link_header(alternates(iri))
        return fmt
    base = _base()
    if fmt is conneg.HTML:
        target = page_path(iri, base) or "/"
        lang = request.args.get("lang")
        if lang in ("ja", "en"):
            target += "?" + urlencode({"lang": lang})
    else:
        target = data_path(iri, base, fmt.suffix or "ttl") or "/"
    response = see_other(target)
    response.vary.add("Accept")
    response.headers["Link"] = link_header(alternates(iri))
    return cacheable(response)


def _see_other_root() -> Response:
    fmt = negotiated(conneg.DOCUMENT)
    if isinstance(fmt, Response):
        return fmt
    target = "/" if fmt is conneg.HTML else f"/.well-known/void?format={fmt.name}"
    response = see_other(target)
    response.vary.add("Accept")
    return response


# --- /data/….ext: the RDF document ---------------------------------------------------------


@bp.route("/data/<path:key>")
def data(key: str) -> Response:
    stem, dot, suffix = key.rpartition(".")
    fmt = conneg.by_suffix(RDF_FORMATS, suffix) if dot else None
    if fmt is None:
        abort(not_found())
    iri = _existing(stem)

    def build() -> Response:
        triples = entity.document_triples(get_state().store, iri)
        triples += _document_about(iri, public_url(request.path))
        others = [(href, media) for href, media in alternates(iri) if media != fmt.media_type]
        if fmt is conneg.JSONLD:
            # pyld (3.3) fails on a JSON-LD document whose Link header repeats rel="alternate"
            # (it reads the repeated relation as a list and calls .get on it), so the JSON-LD
            # document names only its HTML page; the page and the other documents name all.
            others = others[:1]
        return document(triples, fmt, others)

    return respond([fmt.name], (), build)


def _document_about(iri: str, document_url: str) -> list[ox.Triple]:
    """The document describes ``iri`` and belongs to the data set (VoID ``inDataset``)."""
    doc = ox.NamedNode(document_url)
    return [
        ox.Triple(doc, ox.NamedNode(FOAF.primaryTopic), ox.NamedNode(iri)),
        ox.Triple(
            doc,
            ox.NamedNode(VOID.inDataset),
            ox.NamedNode(dataset_iri(_base())),
        ),
        ox.Triple(doc, ox.NamedNode(DCTERMS.license), ox.NamedNode(LICENCE)),
    ]


# --- /page/…: the HTML page ----------------------------------------------------------------


@bp.route("/page/<path:key>")
def page(key: str) -> Response:
    full = full_code_key(checked_key(key))
    if full is not None:
        # /page/prefecture/09 → /page/prefecture/090000: one page per entity, at its IRI's path.
        target = "/page/" + full
        if request.query_string:
            target += "?" + request.query_string.decode("latin-1")
        response = Response(status=301)
        response.headers["Location"] = target
        return cacheable(response)
    iri = iri_of_document(key, _base())
    lang = reader_language()
    in_page = page_number("in_page")

    def build() -> Response:
        # The whole page is one task: its existence and every query, in one round trip.
        store = get_state().store
        found = store.run_task("entity_page", iri=iri, lang=lang, base=_base(), in_page=in_page)
        if found is None:
            return not_found(iri)
        page_context = _entity_context(iri, found)
        response = html(render_template(_templates(found.described), **page_context))
        response.headers["Link"] = link_header(alternates(iri)[1:])
        return response

    return respond([lang, "html"], ("Accept-Language",), build)


def _kebab(name: str) -> str:
    out = []
    for i, char in enumerate(name):
        if char.isupper() and i and not name[i - 1].isupper():
            out.append("-")
        out.append(char.lower())
    return "".join(out)


def _templates(described: entity.Described) -> list[str | jinja2.Template]:
    """Most specific template first: ``entity-junior-high-school.html``, then the templates of
    its superclasses (``entity-school.html``), then ``entity.html``."""
    names: list[str | jinja2.Template] = []
    for value in (*described.types, *described.aligned_types):
        if value.iri and value.iri.startswith(IKKAN):
            names.append(f"entity-{_kebab(value.iri[len(IKKAN) :])}.html")
    return [*names, "entity.html"]


def _entity_context(iri: str, found: EntityPage) -> dict[str, Any]:
    return {
        "e": found.described,
        "iri": iri,
        "incoming": found.incoming,
        "crumbs": found.crumbs,
        "outbound": found.outbound,
        "sections": found.sections,
        "tables": found.tables,
        "history": found.history,
        "alternates": alternates(iri),
        "jsonld": found.jsonld,
        "schools": found.schools,
        "prefecture": found.prefecture,
        "school": found.school,
        "info": get_state().store.info(),
        "formats": RDF_FORMATS,
    }


# --- /class/…: instances of a class --------------------------------------------------------


@bp.route("/class/<curie>")
def class_page(curie: str) -> Response:
    if len(curie) > 200:
        abort(400, description="The class name is too long.")
    cls = expand(curie)
    if cls is None:
        abort(not_found())
    lang = reader_language()
    page_no = page_number("page")
    listing = get_state().store.run_task(
        "class_page", cls=cls, lang=lang, base=_base(), page=page_no
    )
    if listing.count == 0:
        abort(not_found(cls))

    def build() -> Response:
        return html(render_template("class.html", listing=listing, curie=compact(cls), cls_iri=cls))

    return respond([lang, "html"], ("Accept-Language",), build)


__all__ = ["alternates", "bp", "not_found"]
