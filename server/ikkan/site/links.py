"""Where an IRI can be read: the local path of our own IRIs, the IRI itself for everyone else's.

The graph's IRIs live under the configured base (``https://w3id.org/ikkan/``); a running server
answers for them at the same path on its own host (``/id/school/…``, ``/ontology#School``), so
pages link to local paths and a researcher browsing a local server stays on it. IRIs of other
data sets (Wikidata, schema.org) are linked as they are, but only ``http(s)`` ones: an IRI such
as ``javascript:alert(1)`` or ``data:…`` is a valid IRI that a query can return, and as a link
it would run in our origin when clicked, so it gets no link (``None``) and is shown as text.
"""

from __future__ import annotations

import re
from urllib.parse import quote

from ..namespaces import IKKAN
from ..national.checkdigits import local_government_check_digit

# http(s) and nothing a browser would strip or reinterpret (whitespace, controls, backslashes).
_WEB = re.compile(r"https?://[^\x00-\x20\x7f\\]+", re.IGNORECASE)
_LOCAL = re.compile(r"(?:/(?![/\\])|[?#])[^\x00-\x1f\x7f\\]*")

ONTOLOGY_NAMESPACE = str(IKKAN)


def local_path(iri: str, base: str) -> str | None:
    """The path on this server that describes ``iri``, or None when it is not ours."""
    if iri.startswith(ONTOLOGY_NAMESPACE):
        return "/ontology#" + quote(iri[len(ONTOLOGY_NAMESPACE) :], safe="")
    if iri == ONTOLOGY_NAMESPACE.rstrip("#"):
        return "/ontology"
    if iri.startswith(base):
        rest = iri[len(base) :]
        if rest.startswith(("id/", "graph/", "shapes")):
            return "/" + quote(rest, safe="/#-._~")
    return None


def is_web(iri: str) -> bool:
    """Whether ``iri`` is an http(s) IRI, safe to follow as a link."""
    return _WEB.fullmatch(iri) is not None


def safe_href(target: str | None) -> str | None:
    """``target`` when it may be a link's target here: a local path, query or fragment, or an
    http(s) URL; ``None`` for anything else (``javascript:``, ``data:``, ``//host``…)."""
    if not target:
        return None
    if _LOCAL.fullmatch(target) or is_web(target):
        return target
    return None


def href(iri: str, base: str) -> str | None:
    """A link target for ``iri``: the local path when it is ours, else the IRI itself when it
    is an http(s) IRI, else None (shown as text)."""
    return local_path(iri, base) or (iri if is_web(iri) else None)


def is_ours(iri: str, base: str) -> bool:
    return local_path(iri, base) is not None


# --- the documents that describe an IRI (Cool URIs, 303 style) --------------------------------
#
# ``…/id/<rest>`` is described by the page ``/page/<rest>`` and the data ``/data/<rest>.<ext>``;
# a named graph ``…/graph/<name>`` (a subset of the data set) by ``/page/_graph/<name>`` and
# ``/data/_graph/<name>.<ext>`` (slugs never start with ``_``, so the two cannot collide).

_GRAPH_DOCS = "_graph/"


def document_key(iri: str, base: str) -> str | None:
    """The part of a document path that names ``iri`` (``school/x``, ``_graph/oyama``)."""
    if iri.startswith(base + "id/"):
        return iri[len(base) + 3 :]
    if iri.startswith(base + "graph/"):
        return _GRAPH_DOCS + iri[len(base) + 6 :]
    return None


_SHORT_PREFECTURE = re.compile(r"prefecture/([0-9]{2})")
_SHORT_MUNICIPALITY = re.compile(r"municipality/([0-9]{5})")


def full_code_key(key: str) -> str | None:
    """The key of a place named by its short code, or None: ``prefecture/09`` (the JIS
    prefecture code) is ``prefecture/090000`` (``44`` is ``440001``: a check digit) and
    ``municipality/09208`` (the five digits without the check digit) is
    ``municipality/092088``, the full 全国地方公共団体コード the IRIs are minted from."""
    if match := _SHORT_PREFECTURE.fullmatch(key):
        five = match[1] + "000"
        return f"prefecture/{five}{local_government_check_digit(five)}"
    if match := _SHORT_MUNICIPALITY.fullmatch(key):
        five = match[1]
        return f"municipality/{five}{local_government_check_digit(five)}"
    return None


def iri_of_document(key: str, base: str) -> str:
    """The IRI a document key names (the inverse of :func:`document_key`)."""
    if key.startswith(_GRAPH_DOCS):
        return base + "graph/" + key[len(_GRAPH_DOCS) :]
    return base + "id/" + key


def page_path(iri: str, base: str) -> str | None:
    """The HTML page of one of our entities, or None for other IRIs."""
    key = document_key(iri, base)
    return None if key is None else "/page/" + quote(key, safe="/-._~")


def data_path(iri: str, base: str, suffix: str) -> str | None:
    """The RDF document of one of our entities in the format with file suffix ``suffix``."""
    key = document_key(iri, base)
    return None if key is None else "/data/" + quote(key, safe="/-._~") + "." + suffix


def page_href(iri: str, base: str) -> str | None:
    """Where a page links for ``iri``: straight to our page (no 303 hop), the ontology's
    anchor for our terms, the IRI itself for everyone else's http(s) IRIs, else None."""
    return page_path(iri, base) or href(iri, base)
