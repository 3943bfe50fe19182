"""What the query editor completes: our prefixes, and the classes and properties of our graph.

Terms come from the graph itself, through the store: every class and property the ontology
declares (with its Japanese and English label and definition) and every class and property the
VoID description counts (``void:classPartition`` / ``void:propertyPartition``, with the number
of entities or triples), so the editor offers exactly the vocabulary the data uses. Each term is
offered as a prefixed name with the project's prefixes (:data:`ikkan.namespaces.PREFIXES`);
terms no prefix covers are left out, since the editor completes prefixed names.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox

from ...namespaces import PREFIXES
from ...store.base import Store
from .results import curie

COMPLETIONS_QUERY = """
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX void: <http://rdfs.org/ns/void#>
SELECT ?term ?kind (SAMPLE(?ja) AS ?labelJa) (SAMPLE(?en) AS ?labelEn)
       (SAMPLE(?dja) AS ?definitionJa) (SAMPLE(?den) AS ?definitionEn)
       (MAX(COALESCE(?n, 0)) AS ?count)
WHERE {
  {
    ?term a owl:Class . BIND("class" AS ?kind)
  } UNION {
    VALUES ?type { owl:ObjectProperty owl:DatatypeProperty owl:AnnotationProperty rdf:Property }
    ?term a ?type . BIND("property" AS ?kind)
  } UNION {
    ?dataset void:classPartition ?partition . ?partition void:class ?term .
    OPTIONAL { ?partition void:entities ?n }
    BIND("class" AS ?kind)
  } UNION {
    ?dataset void:propertyPartition ?partition . ?partition void:property ?term .
    OPTIONAL { ?partition void:triples ?n }
    BIND("property" AS ?kind)
  }
  FILTER(isIRI(?term))
  OPTIONAL { ?term rdfs:label ?ja . FILTER(lang(?ja) = "ja") }
  OPTIONAL { ?term rdfs:label ?en . FILTER(lang(?en) = "en") }
  OPTIONAL { ?term skos:definition ?dja . FILTER(lang(?dja) = "ja") }
  OPTIONAL { ?term skos:definition ?den . FILTER(lang(?den) = "en") }
}
GROUP BY ?term ?kind
"""


@dataclass(frozen=True)
class Term:
    """A class or property the editor can complete."""

    iri: str
    curie: str
    kind: str  # "class" or "property"
    labels: dict[str, str]
    definitions: dict[str, str]
    count: int | None

    def label(self, lang: str) -> str:
        return self.labels.get(lang) or self.labels.get("ja") or self.labels.get("en") or ""

    def definition(self, lang: str) -> str:
        return self.definitions.get(lang) or self.definitions.get("ja") or ""


def _text(term: object) -> str | None:
    return term.value if isinstance(term, ox.Literal) else None


def vocabulary(store: Store, timeout: float | None = None) -> list[Term]:
    """Every completable term of the graph, classes first, then by prefixed name."""
    terms: dict[tuple[str, str], Term] = {}
    for row in store.select(COMPLETIONS_QUERY, timeout=timeout):
        node, kind = row["term"], _text(row["kind"])
        if not isinstance(node, ox.NamedNode) or kind is None:
            continue
        name = curie(node.value)
        if name is None:
            continue
        count = _text(row["count"])
        labels = {"ja": _text(row["labelJa"]), "en": _text(row["labelEn"])}
        definitions = {"ja": _text(row["definitionJa"]), "en": _text(row["definitionEn"])}
        terms[(kind, node.value)] = Term(
            iri=node.value,
            curie=name,
            kind=kind,
            labels={k: v for k, v in labels.items() if v},
            definitions={k: v for k, v in definitions.items() if v},
            count=int(count) if count and count.isdigit() and int(count) > 0 else None,
        )
    return sorted(terms.values(), key=lambda t: (t.kind != "class", t.curie))


def count_text(term: Term, lang: str) -> str:
    if term.count is None:
        return ""
    if lang == "en":
        return f"{term.count:,} {'entities' if term.kind == 'class' else 'triples'} in the graph"
    return f"グラフ中 {term.count:,} {'件' if term.kind == 'class' else 'トリプル'}"


def completions(terms: list[Term], lang: str) -> dict[str, Any]:
    """The JSON the editor reads: prefixes and terms, labelled in the reader's language."""
    return {
        "prefixes": dict(PREFIXES),
        "terms": [
            {
                "iri": t.iri,
                "curie": t.curie,
                "kind": t.kind,
                "label": t.label(lang),
                "definition": t.definition(lang),
                "count": t.count,
                "countText": count_text(t, lang),
            }
            for t in terms
        ],
    }
