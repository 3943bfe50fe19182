"""The ontology as readable documentation: every class and property with what the graph says.

For each term of the ``ikkan:`` namespace, from the ontology's named graph: its labels and
definitions in Japanese and English, its kind, its superclasses or superproperties (the
alignments to schema.org, ORG, Data Cube, OWL-Time, PROV-O …), domain, range, inverse, and how
much data uses it — instances of a class and triples of a property, read from the VoID
partitions the build wrote, so the page stays cheap however large the data grows. Five bounded
queries, whatever the number of terms.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from ..store.base import Store
from ..store.tasks import task
from .entity import Value
from .labels import choose, fetch_labels
from .links import page_href
from .page_context import PageContext
from .sparql_terms import DCTERMS, OWL, RDFS, SKOS, VOID, compact, iri, literal

KINDS = (OWL + "Class", OWL + "ObjectProperty", OWL + "DatatypeProperty")
_TEXTS = (RDFS + "label", SKOS + "definition", RDFS + "comment", SKOS + "example")
_RELATIONS = {
    RDFS + "subClassOf": "supers",
    RDFS + "subPropertyOf": "supers",
    OWL + "equivalentClass": "equivalents",
    OWL + "equivalentProperty": "equivalents",
    RDFS + "domain": "domains",
    RDFS + "range": "ranges",
    OWL + "inverseOf": "inverses",
}
MAX_TERMS = 5000
# Every text is ranked by language alone, as if it were a label.
_LABEL = RDFS + "label"


@dataclass
class Term:
    iri: str
    anchor: str
    kind: str
    label: str = ""
    other_label: str = ""
    definition: str = ""
    other_definition: str = ""
    supers: list[Value] = field(default_factory=list)
    subs: list[Value] = field(default_factory=list)
    equivalents: list[Value] = field(default_factory=list)
    domains: list[Value] = field(default_factory=list)
    ranges: list[Value] = field(default_factory=list)
    inverses: list[Value] = field(default_factory=list)
    count: int | None = None


@dataclass
class Ontology:
    iri: str
    title: str
    description: str
    version: str
    classes: list[Term]
    object_properties: list[Term]
    datatype_properties: list[Term]
    schemes: list[Value]


def namespace_of(base: str) -> str:
    return base + "ontology#"


def graph_of(base: str) -> str:
    return base + "graph/ontology"


@task("ontology_page")
def ontology_page(store: Store, *, lang: str, base: str) -> Ontology:
    """The ontology's page as one task."""
    return document(PageContext(store, lang, base))


def document(ctx: PageContext) -> Ontology:
    """Every term of the ontology, grouped by kind and sorted by name."""
    store, lang, base = ctx.store, ctx.lang, ctx.base
    ns, graph = namespace_of(base), iri(graph_of(base))
    in_ns = f"FILTER(STRSTARTS(STR(?t), {literal(ns)}))"
    kinds = " ".join(f"<{k}>" for k in KINDS)
    terms: dict[str, Term] = {}
    for row in store.select(
        f"SELECT ?t ?kind WHERE {{ GRAPH {graph} {{ VALUES ?kind {{ {kinds} }} ?t a ?kind }} "
        f"{in_ns} }} LIMIT {MAX_TERMS}"
    ):
        term = row["t"].value
        terms.setdefault(term, Term(term, term[len(ns) :], row["kind"].value))
    texts: dict[str, dict[str, list[tuple[str, str, str]]]] = defaultdict(lambda: defaultdict(list))
    for row in store.select(
        f"SELECT ?t ?p ?o WHERE {{ GRAPH {graph} {{ VALUES ?p {{ {_iris(_TEXTS)} }} ?t ?p ?o }} "
        f"{in_ns} }} LIMIT {MAX_TERMS * 8}"
    ):
        o = row["o"]
        texts[row["t"].value][row["p"].value].append(
            (o.value, getattr(o, "language", "") or "", _LABEL)
        )
    relations: list[tuple[str, str, str]] = [
        (row["t"].value, _RELATIONS[row["p"].value], row["o"].value)
        for row in store.select(
            f"SELECT ?t ?p ?o WHERE {{ GRAPH {graph} {{ VALUES ?p {{ {_iris(_RELATIONS)} }} "
            f"?t ?p ?o FILTER(isIRI(?o)) }} {in_ns} }} LIMIT {MAX_TERMS * 8}"
        )
    ]
    counts = _usage(store, base)
    labels = fetch_labels(store, {o for _, _, o in relations} | set(terms), lang)
    other = "en" if lang == "ja" else "ja"

    def value(i: str) -> Value:
        text, language = labels.get(i, (compact(i), ""))
        return Value(text, language, page_href(i, base), i)

    for term in terms.values():
        found = texts.get(term.iri, {})
        term.label = _pick(found.get(RDFS + "label", []), lang) or term.anchor
        term.other_label = _only(found.get(RDFS + "label", []), other)
        term.definition = _pick(found.get(SKOS + "definition", []), lang)
        term.other_definition = _only(found.get(SKOS + "definition", []), other)
        term.count = counts.get(term.iri)
    for subject, slot, obj in relations:
        if subject in terms:
            getattr(terms[subject], slot).append(value(obj))
        if slot == "supers" and obj in terms:
            terms[obj].subs.append(value(subject))
    for term in terms.values():
        for slot in ("supers", "subs", "equivalents", "domains", "ranges", "inverses"):
            getattr(term, slot).sort(key=lambda v: (not v.iri or not v.iri.startswith(ns), v.text))
    head = _head(store, graph, base, lang)
    ordered = sorted(terms.values(), key=lambda t: t.anchor.casefold())
    return Ontology(
        iri=base + "ontology",
        title=head[0],
        description=head[1],
        version=head[2],
        classes=[t for t in ordered if t.kind == KINDS[0]],
        object_properties=[t for t in ordered if t.kind == KINDS[1]],
        datatype_properties=[t for t in ordered if t.kind == KINDS[2]],
        schemes=_schemes(store, base, lang),
    )


def _iris(items: object) -> str:
    return " ".join(f"<{i}>" for i in items)  # type: ignore[attr-defined]


def _pick(candidates: list[tuple[str, str, str]], lang: str) -> str:
    best = choose(candidates, lang)
    return best[0] if best else ""


def _only(candidates: list[tuple[str, str, str]], lang: str) -> str:
    return next((text for text, language, _ in candidates if language == lang), "")


def _usage(store: Store, base: str) -> dict[str, int]:
    """Instances per class and triples per property, from the VoID partitions."""
    rows = store.select(
        f"SELECT ?term ?n WHERE {{ GRAPH {iri(base + 'graph/dataset')} {{ "
        f"{{ ?part <{VOID}class> ?term ; <{VOID}entities> ?n }} UNION "
        f"{{ ?part <{VOID}property> ?term ; <{VOID}triples> ?n }} }} }} LIMIT {MAX_TERMS * 2}"
    )
    counts = {}
    for row in rows:
        try:
            counts[row["term"].value] = int(row["n"].value)
        except ValueError:
            continue
    return counts


def _head(store: Store, graph: str, base: str, lang: str) -> tuple[str, str, str]:
    node = iri(base + "ontology")
    rows = store.select(
        f"SELECT ?p ?o WHERE {{ GRAPH {graph} {{ {node} ?p ?o FILTER(isLiteral(?o)) }} }} LIMIT 100"
    )
    found: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
    for row in rows:
        o = row["o"]
        found[row["p"].value].append((o.value, getattr(o, "language", "") or "", _LABEL))
    dc = DCTERMS
    return (
        _pick(found[dc + "title"], lang) or "ikkan",
        _pick(found[dc + "description"], lang),
        _pick(found[OWL + "versionInfo"], lang),
    )


def _schemes(store: Store, base: str, lang: str) -> list[Value]:
    rows = store.select(f"SELECT ?s WHERE {{ ?s a <{SKOS}ConceptScheme> }} ORDER BY ?s LIMIT 200")
    schemes = [r["s"].value for r in rows if r["s"] is not None]
    labels = fetch_labels(store, schemes, lang)
    return [
        Value(labels.get(s, (compact(s), ""))[0], labels.get(s, ("", ""))[1], page_href(s, base), s)
        for s in schemes
    ]


def graph_triples_query(base: str) -> str:
    """CONSTRUCT of the ontology's named graph (its terms and the controlled vocabularies)."""
    return f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH {iri(graph_of(base))} {{ ?s ?p ?o }} }}"
