"""Human labels for IRIs, in the reader's language, with a fallback to the other language.

One SPARQL query per batch of IRIs asks for every label-like property (``rdfs:label``,
``skos:prefLabel``, ``schema:name``, ``dcterms:title``, ``foaf:name``); the best label for each
IRI is chosen here: the reader's language first, then Japanese, then English, then any other,
then untagged, and among equals ``rdfs:label`` before the others. An IRI with no label at all
gets a readable rendering of its last segment, so a page never shows a bare empty link.
"""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import unquote

import pyoxigraph as ox

from ..namespaces import DCTERMS, FOAF, RDFS, SCHEMA, SKOS
from ..store.base import Store
from . import queries

LABEL_PROPERTIES = (
    RDFS.label,
    SKOS.prefLabel,
    SCHEMA.name,
    DCTERMS.title,
    FOAF.name,
)
_BATCH = 200


def fallback_label(iri: str) -> str:
    """The last segment of an IRI, decoded: what to show when the graph has no label."""
    tail = iri.rstrip("/#")
    for sep in ("#", "/"):
        if sep in tail:
            tail = tail.rsplit(sep, 1)[1]
            break
    return unquote(tail) or iri


def _rank(lang: str, language: str, prop: str) -> tuple[int, int]:
    order = [lang, "ja", "en"]
    if language in order:
        by_language = order.index(language)
    elif language.startswith(lang + "-"):
        by_language = 3
    else:
        by_language = 4 if language else 5
    return by_language, LABEL_PROPERTIES.index(prop)


def choose(candidates: Iterable[tuple[str, str, str]], lang: str) -> tuple[str, str] | None:
    """From (text, language, property) candidates, the best (text, language)."""
    best = min(candidates, key=lambda c: (_rank(lang, c[1], c[2]), c[0]), default=None)
    return None if best is None else (best[0], best[1])


def fetch_labels(
    store: Store, iris: Iterable[str], lang: str, timeout: float | None = None
) -> dict[str, tuple[str, str]]:
    """IRI -> (label, its language tag) for every IRI that has a label."""
    wanted = sorted({str(ox.NamedNode(i)) for i in iris if _is_iri(i)})
    found: dict[str, list[tuple[str, str, str]]] = {}
    props = ", ".join(f"<{p}>" for p in LABEL_PROPERTIES)
    for start in range(0, len(wanted), _BATCH):
        subjects = " ".join(wanted[start : start + _BATCH])
        query = queries.LABELS.format(subjects=subjects, properties=props)
        for row in store.select(query, timeout=timeout):
            subject, prop, label = row["s"], row["p"], row["label"]
            if isinstance(label, ox.Literal) and subject is not None and prop is not None:
                found.setdefault(str(subject), []).append(
                    (label.value, label.language or "", prop.value)
                )
    result = {}
    for iri, candidates in found.items():
        best = choose(candidates, lang)
        if best is not None:
            result[iri[1:-1]] = best
    return result


def _is_iri(text: str) -> bool:
    if not text or text.startswith("_:"):
        return False
    try:
        ox.NamedNode(text)
    except ValueError:
        return False
    return True


def label_of(labels: dict[str, tuple[str, str]], iri: str) -> str:
    return labels[iri][0] if iri in labels else fallback_label(iri)
