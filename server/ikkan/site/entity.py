"""One entity, as the store knows it: whether it exists, its RDF document, its facts for a page.

The pipeline of a dereference (after trifid): IRI → :func:`exists` → 404, or the document —
:func:`document_triples` for programs (outgoing triples, incoming triples, the labels of the
nodes it links to), :func:`describe` for the page (every property with labelled values, the
types, the incoming links counted and one page of them). Every query is bounded by a LIMIT, so a
page costs a handful of small queries whatever the size of the graph. Triples the build derived
from a subproperty or subclass (``dcterms:source`` beside ``ikkan:statedIn``) are set apart, so
the page shows what the data says first and its alignments after.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace

import pyoxigraph as ox

from ..namespaces import SKOS
from ..store.base import Store
from . import queries
from .hierarchy import hierarchy
from .labels import LABEL_PROPERTIES, choose, fetch_labels, label_of
from .links import page_href
from .page_context import PageContext
from .sparql_terms import IKKAN, RDF_TYPE, XSD, compact, iri, values
from .vocabulary_labels import known_label

OUTGOING_LIMIT = 5000
INCOMING_DOCUMENT_LIMIT = 2000
INCOMING_PAGE_SIZE = 50
# Up to this many links into an entity are read at once and sorted, counted and paged here.
INCOMING_SORTED_HERE = 5000
INCOMING_COUNTED_PROPERTIES = 500
_LABELS = " ".join(f"<{p}>" for p in LABEL_PROPERTIES[:2])
_LABELS_LIST = ", ".join(f"<{p}>" for p in LABEL_PROPERTIES[:2])
_LABEL_BATCH = 200
ROMANISED = "ja-latn"
# What a triple's object may be, in pyoxigraph's types.
Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple


@dataclass(frozen=True)
class Value:
    """One object (or subject) shown on a page: its text, language, link and datatype."""

    text: str
    lang: str = ""
    href: str | None = None
    iri: str | None = None
    datatype: str | None = None  # the datatype's IRI, for a literal that is not plain text
    qualifier: str = ""  # what tells it apart from another value of the same name in a list
    graphs: tuple[str, ...] = ()  # the named graphs (layers) that state it, on an entity's page

    @property
    def external(self) -> bool:
        return self.href is not None and self.href.startswith(("http://", "https://"))

    @property
    def is_code(self) -> bool:
        """Whether the text is the IRI itself or its compact name (no label): an identifier,
        shown as code, not as words of the page's language."""
        return self.iri is not None and self.text in (self.iri, compact(self.iri))


@dataclass
class PropertyRow:
    """A property of the entity with its values, labelled in the reader's language."""

    iri: str
    label: str
    href: str | None
    values: list[Value] = field(default_factory=list)

    @property
    def is_code(self) -> bool:
        """Whether the property is named by its compact IRI (no label in any language)."""
        return self.label in (self.iri, compact(self.iri))


@dataclass
class Incoming:
    """Links into the entity: how many per property, and one page of them."""

    counts: list[tuple[PropertyRow, int]]
    total: int
    page: int
    pages: int
    rows: list[PropertyRow]


@dataclass
class Described:
    """What an entity page shows of the entity's own triples."""

    iri: str
    title: Value
    subtitle: Value | None
    romanised: str | None
    types: list[Value]
    aligned_types: list[Value]
    properties: list[PropertyRow]
    derived: list[PropertyRow]
    type_iris: list[str]
    outgoing: list[tuple[str, Term]]
    # The layers that state the entity's properties (graph IRI → its title), when there are
    # several: then each value names the layers that state it.
    layers: dict[str, Value] = field(default_factory=dict)


def exists(store: Store, entity: str) -> bool:
    """Whether any triple has ``entity`` as subject or object."""
    return store.ask(queries.EXISTS.format(entity=iri(entity)))


# A link into the entity: its subject and property.
Link = tuple[Term, str]


def incoming_links(store: Store, entity: str) -> list[Link] | None:
    """Every (subject, property) linking into ``entity``, unordered; None when there are more
    than :data:`INCOMING_SORTED_HERE` (the engine then sorts and pages them)."""
    rows = store.select(queries.INCOMING.format(entity=iri(entity), limit=INCOMING_SORTED_HERE + 1))
    if len(rows) > INCOMING_SORTED_HERE:
        return None
    return [(row["s"], row["p"].value) for row in rows if row["s"] is not None and row["p"]]


def _subject_order(link: Link) -> tuple[str, int, str]:
    """SPARQL's ORDER BY ?p ?s: by property, then blank nodes before IRIs, each by its text."""
    subject, prop = link
    if isinstance(subject, ox.NamedNode):
        return prop, 1, subject.value
    return prop, 0, subject.value if isinstance(subject, ox.BlankNode) else str(subject)


def document_triples(store: Store, entity: str, links: list[Link] | None = None) -> list[ox.Triple]:
    """The entity's RDF document: outgoing and incoming triples, and the labels of the nodes it
    links to (incoming bounded to :data:`INCOMING_DOCUMENT_LIMIT`). ``links``: the links into
    it, when the caller has read them already (:func:`incoming_links`)."""
    node = iri(entity)
    outgoing = queries.DOCUMENT_OUTGOING.format(entity=node, labels=_LABELS, limit=OUTGOING_LIMIT)
    triples = store.construct(outgoing)
    if links is None:
        links = incoming_links(store, entity)
    if links is None:
        incoming = queries.DOCUMENT_INCOMING.format(
            entity=node, labels=_LABELS, limit=INCOMING_DOCUMENT_LIMIT
        )
        triples += store.construct(incoming)
        return list(dict.fromkeys(triples))
    # The first links by property and subject, as the engine's ORDER BY … LIMIT would keep.
    kept = sorted(links, key=_subject_order)[:INCOMING_DOCUMENT_LIMIT]
    target = ox.NamedNode(entity)
    triples += [ox.Triple(s, ox.NamedNode(p), target) for s, p in kept]  # type: ignore[arg-type]
    subjects = sorted({str(s) for s, _ in kept if isinstance(s, ox.NamedNode)})
    for start in range(0, len(subjects), _LABEL_BATCH):
        batch = " ".join(subjects[start : start + _LABEL_BATCH])
        triples += store.construct(
            queries.DOCUMENT_LABELS.format(subjects=f"VALUES ?s {{ {batch} }}", labels=_LABELS_LIST)
        )
    return list(dict.fromkeys(triples))


def language_tag(tag: str) -> str:
    """A BCP 47 tag in its usual case (the store lowers it): ``ja-latn`` → ``ja-Latn``."""
    parts = tag.split("-")
    for i, part in enumerate(parts[1:], start=1):
        if len(part) == 4:
            parts[i] = part.title()
        elif len(part) == 2:
            parts[i] = part.upper()
    return "-".join(parts)


def _value(term: Term, labels: dict[str, tuple[str, str]], base: str) -> Value:
    if isinstance(term, ox.NamedNode):
        text, lang = labels.get(term.value, (label_of(labels, term.value), ""))
        if term.value not in labels:
            text = compact(term.value)
        return Value(text, language_tag(lang), page_href(term.value, base), term.value)
    if isinstance(term, ox.Literal):
        datatype = term.datatype.value
        shown = None
        if not term.language and datatype != XSD + "string":
            shown = datatype
        return Value(term.value, language_tag(term.language or ""), None, None, shown)
    return Value(str(term))


def _superproperties(store: Store, properties: set[str], classes: set[str]) -> set[str]:
    """Which of ``properties`` and ``classes`` are superproperties/superclasses of others."""
    terms = properties | classes
    if len(terms) < 2:
        return set()
    known = hierarchy(store)
    if known is not None:
        return known.supers_among(terms)
    rows = store.select(
        queries.SUPER_TERMS.format(subs=values("sub", terms), supers=values("super", terms))
    )
    return {row["super"].value for row in rows if row["super"] is not None}


def _derived_pairs(
    outgoing: list[tuple[str, Term]], supers: set[str], store: Store
) -> set[tuple[str, str]]:
    """(property, object) pairs the build derived from a subproperty stated beside them."""
    if not supers:
        return set()
    props = {p for p, _ in outgoing}
    known = hierarchy(store)
    if known is not None:
        pairs = known.subproperty_pairs(props, supers)
    else:
        rows = store.select(
            queries.SUB_PROPERTIES.format(subs=values("sub", props), supers=values("super", supers))
        )
        pairs = {(row["sub"].value, row["super"].value) for row in rows}
    subs_of: dict[str, set[str]] = defaultdict(set)
    for sub, sup in pairs:
        subs_of[sup].add(sub)
    by_prop: dict[str, set[str]] = defaultdict(set)
    for p, o in outgoing:
        by_prop[p].add(str(o))
    derived = set()
    for p, o in outgoing:
        if any(str(o) in by_prop[sub] for sub in subs_of.get(p, ())):
            derived.add((p, str(o)))
    return derived


_NAMES_FIRST = (*LABEL_PROPERTIES, SKOS.altLabel)


def _property_order(row: PropertyRow) -> tuple[int, int, str]:
    """Names first, then the ontology's own properties, then other vocabularies'."""
    if row.iri in _NAMES_FIRST:
        return 0, _NAMES_FIRST.index(row.iri), ""
    return (1 if row.iri.startswith(IKKAN) else 2), 0, row.label.casefold()


def _literal_text(candidates: list[tuple[str, str, str]], lang: str) -> Value | None:
    best = choose(candidates, lang)
    return None if best is None else Value(best[0], language_tag(best[1]))


def describe(ctx: PageContext, entity: str) -> Described:
    """The entity's outgoing triples, grouped by property and labelled for a page."""
    store, lang, base = ctx.store, ctx.lang, ctx.base
    rows = store.select(queries.OUTGOING.format(entity=iri(entity), limit=OUTGOING_LIMIT))
    # The union default graph gives a triple once per graph that holds it: one pair each.
    stated: dict[tuple[str, Term], set[str]] = {}
    for row in rows:
        p, o, g = row["p"], row["o"], row["g"]
        if p is not None and o is not None:
            graphs = stated.setdefault((p.value, o), set())
            if g is not None:
                graphs.add(g.value)
    outgoing: list[tuple[str, Term]] = list(stated)
    type_iris = [o.value for p, o in outgoing if p == RDF_TYPE and isinstance(o, ox.NamedNode)]
    props = {p for p, _ in outgoing}
    supers = _superproperties(store, props, set(type_iris))
    derived_pairs = _derived_pairs(outgoing, supers & props, store)
    linked = [o.value for _, o in outgoing if isinstance(o, ox.NamedNode)]
    layer_iris = sorted({g for (p, _), graphs in stated.items() if p != RDF_TYPE for g in graphs})
    layered = len(layer_iris) > 1
    labels = fetch_labels(store, [*linked, *props, *(layer_iris if layered else [])], lang)

    names = [
        (o.value, o.language or "", p)
        for p, o in outgoing
        if p in LABEL_PROPERTIES and isinstance(o, ox.Literal)
    ]
    title = _literal_text(names, lang) or Value(entity.rstrip("/").rsplit("/", 1)[-1])
    other = "en" if lang == "ja" else "ja"
    subtitle = _literal_text([c for c in names if c[1] == other], other)
    romanised = next((t for t, language, _ in names if language == ROMANISED), None)

    types = [_value(ox.NamedNode(t), labels, base) for t in type_iris if t not in supers]
    aligned = [_value(ox.NamedNode(t), labels, base) for t in type_iris if t in supers]
    own: dict[str, PropertyRow] = {}
    derived: dict[str, PropertyRow] = {}
    for p, o in outgoing:
        if p == RDF_TYPE:
            continue
        target = derived if (p, str(o)) in derived_pairs else own
        if p not in target:
            target[p] = PropertyRow(p, _property_label(p, labels, lang), page_href(p, base))
        shown = _value(o, labels, base)
        if layered:
            shown = replace(shown, graphs=tuple(sorted(stated[(p, o)])))
        target[p].values.append(shown)
    for property_row in (*own.values(), *derived.values()):
        property_row.values.sort(key=lambda v: (v.lang not in ("", lang), v.lang, v.text))
    return Described(
        iri=entity,
        title=title,
        subtitle=subtitle if subtitle and subtitle.text != title.text else None,
        romanised=romanised,
        types=sorted(types, key=lambda v: v.text),
        aligned_types=sorted(aligned, key=lambda v: v.text),
        properties=sorted(own.values(), key=_property_order),
        derived=sorted(derived.values(), key=_property_order),
        type_iris=type_iris,
        outgoing=outgoing,
        layers={g: _value(ox.NamedNode(g), labels, base) for g in layer_iris} if layered else {},
    )


def _property_label(prop: str, labels: dict[str, tuple[str, str]], lang: str) -> str:
    """The ontology's label in the reader's language, a known name, or the compact IRI;
    capitalised as a heading."""
    text = labels[prop][0] if prop in labels else known_label(prop, lang) or compact(prop)
    return text[:1].upper() + text[1:] if ":" not in text else text


def _stated(links: list[Link], store: Store) -> list[Link] | None:
    """The links the data states: without those the build derived from a subproperty stated
    beside them (None when the hierarchy is too large to keep: the engine then judges)."""
    known = hierarchy(store)
    if known is None:
        return None
    below = known.subproperties
    present = {(str(s), p) for s, p in links}
    return [
        (s, p) for s, p in links if not any((str(s), sub) in present for sub in below.get(p, ()))
    ]


def incoming(ctx: PageContext, entity: str, page: int, links: list[Link] | None = None) -> Incoming:
    """Links into the entity: counts per property and page ``page`` of them. ``links``: every
    link into it, when the caller has read them (:func:`incoming_links`; None: more than a page
    sorts itself, and the engine counts and pages them)."""
    store, lang, base = ctx.store, ctx.lang, ctx.base
    node = iri(entity)
    stated = None if links is None else _stated(links, store)
    if stated is not None:
        counted = Counter(p for _, p in stated)
        counts_raw = sorted(counted.items(), key=lambda item: (-item[1], item[0]))
        counts_raw = counts_raw[:INCOMING_COUNTED_PROPERTIES]
    else:
        rows = store.select(queries.INCOMING_COUNTS.format(entity=node))
        counts_raw = [(r["p"].value, int(r["n"].value)) for r in rows if r["p"] and r["n"]]
    total = sum(n for _, n in counts_raw)
    pages = max(1, -(-total // INCOMING_PAGE_SIZE))
    page = min(max(page, 1), pages)
    start = (page - 1) * INCOMING_PAGE_SIZE
    pairs: list[tuple[str, Term]]
    if stated is not None:
        shown = sorted(stated, key=_subject_order)[start : start + INCOMING_PAGE_SIZE]
        pairs = [(p, s) for s, p in shown]
    else:
        rows = store.select(
            queries.INCOMING_PAGE.format(entity=node, limit=INCOMING_PAGE_SIZE, offset=start)
        )
        pairs = [(r["p"].value, r["s"]) for r in rows if r["p"] is not None and r["s"] is not None]
    subjects = [s.value for _, s in pairs if isinstance(s, ox.NamedNode)]
    labels = fetch_labels(store, [*subjects, *(p for p, _ in counts_raw)], lang)
    grouped: dict[str, PropertyRow] = {}
    for p, s in pairs:
        if p not in grouped:
            grouped[p] = PropertyRow(p, _property_label(p, labels, lang), page_href(p, base))
        grouped[p].values.append(_value(s, labels, base))
    counts = [
        (PropertyRow(p, _property_label(p, labels, lang), page_href(p, base)), n)
        for p, n in counts_raw
    ]
    return Incoming(counts, total, page, pages, list(grouped.values()))
