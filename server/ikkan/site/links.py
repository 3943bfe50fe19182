"""Where an IRI can be read: the local path of our own IRIs, the IRI itself for everyone else's.

The graph's IRIs live under the configured base (``https://w3id.org/ikkan/``); a running server
answers for them at the same path on its own host (``/id/school/…``, ``/ontology#School``), so
pages link to local paths and a researcher browsing a local server stays on it. IRIs of other
data sets (Wikidata, schema.org) are linked as they are.
"""

from __future__ import annotations

from urllib.parse import quote

ONTOLOGY_NAMESPACE = "https://w3id.org/ikkan/ontology#"


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


def href(iri: str, base: str) -> str:
    """A link target for ``iri``: the local path when it is ours, else the IRI itself."""
    return local_path(iri, base) or iri


def is_ours(iri: str, base: str) -> bool:
    return local_path(iri, base) is not None
