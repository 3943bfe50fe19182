"""Where an entity sits and what it links out to: breadcrumbs, links to other data sets.

Breadcrumbs climb from the entity along the properties that name what contains it — a school's
``ikkan:district``, a group's ``ikkan:partOfDistrict``, a working group's
``ikkan:parentOrganization``, an issue's ``ikkan:issueOf``, a section's ``dcterms:isPartOf``,
then ``ikkan:municipality`` and ``ikkan:inPrefecture`` — one small query per step, at most
:data:`MAX_DEPTH` steps, so 小山市 › 乙女中学校区 › 乙女中学校 costs three lookups. Outbound links
are the entity's IRIs in other data sets (``skos:exactMatch``, ``owl:sameAs`` …) and its
identifiers with the public file each was read from (repository, path, commit).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pyoxigraph as ox

from ..namespaces import RDFS, SCHEMA
from ..store.base import Store
from . import queries
from .entity import Term, Value
from .labels import fetch_labels
from .links import page_href
from .page_context import PageContext
from .sparql_terms import DCTERMS, IKKAN, OWL, SKOS, iri, values

MAX_DEPTH = 6
# The containing thing, most specific first.
PARENT_PROPERTIES = (
    IKKAN + "district",
    IKKAN + "partOfDistrict",
    IKKAN + "parentOrganization",
    IKKAN + "issueOf",
    IKKAN + "subEventOf",
    IKKAN + "recordOf",
    DCTERMS + "isPartOf",
    IKKAN + "municipality",
    IKKAN + "locatedIn",
    IKKAN + "inPrefecture",
)
LINK_PROPERTIES = (
    SKOS + "exactMatch",
    SKOS + "closeMatch",
    OWL + "sameAs",
    SCHEMA.sameAs,
    RDFS.seeAlso,
)
IDENTIFIER_PROPERTIES = (
    IKKAN + "schoolCode",
    IKKAN + "localGovernmentCode",
    IKKAN + "iso3166_2",
)


def breadcrumbs(ctx: PageContext, entity: str) -> list[Value]:
    """The chain of containers of ``entity``, outermost first (the entity itself excluded).

    One query fetches every step above the entity (along any parent property); the chain then
    takes, at each level, the most specific property's parent."""
    store, lang, base = ctx.store, ctx.lang, ctx.base
    rows = store.select(
        queries.ANCESTORS.format(
            entity=iri(entity),
            parent_path="|".join(f"<{p}>" for p in PARENT_PROPERTIES),
            parents=", ".join(iri(p) for p in PARENT_PROPERTIES),
            limit=MAX_DEPTH * len(PARENT_PROPERTIES) * 8,
        )
    )
    steps: dict[str, dict[str, str]] = {}
    for row in rows:
        if row["child"] is not None and row["p"] is not None and row["parent"] is not None:
            steps.setdefault(row["child"].value, {})[row["p"].value] = row["parent"].value
    chain: list[str] = []
    current = entity
    for _ in range(MAX_DEPTH):
        found = steps.get(current, {})
        parent = next((found[p] for p in PARENT_PROPERTIES if p in found), None)
        if parent is None or parent == entity or parent in chain:
            break
        chain.append(parent)
        current = parent
    labels = fetch_labels(store, chain, lang)
    return [
        Value(labels.get(i, (i, ""))[0], labels.get(i, ("", ""))[1], page_href(i, base), i)
        for i in reversed(chain)
    ]


@dataclass
class Identifier:
    """An identifier of the entity (a code) with where it was read."""

    label: str
    value: str


@dataclass
class IdentifierSource:
    iri: str
    label: str
    href: str | None
    repository: str | None = None
    path: str | None = None
    commit: str | None = None
    primary: str | None = None
    licence: str | None = None

    @property
    def file_url(self) -> str | None:
        if not (self.repository and self.path and self.commit):
            return None
        return f"https://github.com/{self.repository}/blob/{self.commit}/{self.path}"


@dataclass
class Outbound:
    links: list[Value] = field(default_factory=list)
    identifiers: list[Identifier] = field(default_factory=list)
    sources: list[IdentifierSource] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.links or self.identifiers or self.sources)


def outbound(ctx: PageContext, outgoing: list[tuple[str, Term]]) -> Outbound:
    """Links to other data sets and identifiers, from the entity's outgoing triples."""
    store, lang, base = ctx.store, ctx.lang, ctx.base
    result = Outbound()
    seen: set[str] = set()
    for p, o in outgoing:
        if p in LINK_PROPERTIES and isinstance(o, ox.NamedNode) and o.value not in seen:
            seen.add(o.value)
            result.links.append(Value(o.value, "", page_href(o.value, base), o.value))
    labels = fetch_labels(store, [p for p in IDENTIFIER_PROPERTIES], lang)
    for p, o in outgoing:
        if p in IDENTIFIER_PROPERTIES and isinstance(o, ox.Literal):
            result.identifiers.append(Identifier(labels.get(p, (p, ""))[0], o.value))
    sources = [
        o.value
        for p, o in outgoing
        if p == IKKAN + "identifierSource" and isinstance(o, ox.NamedNode)
    ]
    if sources:
        result.sources = _sources(store, sources, lang, base)
    return result


def _sources(store: Store, sources: list[str], lang: str, base: str) -> list[IdentifierSource]:
    rows = store.select(queries.IDENTIFIER_SOURCES.format(sources=values("src", sources)))
    labels = fetch_labels(store, sources, lang)

    def text(row: ox.QuerySolution, name: str) -> str | None:
        term = row[name]
        return None if term is None else term.value

    found = []
    for row in rows:
        src = row["src"].value
        found.append(
            IdentifierSource(
                src,
                labels.get(src, (src, ""))[0],
                page_href(src, base),
                text(row, "repo"),
                text(row, "path"),
                text(row, "commit"),
                text(row, "primary"),
                text(row, "licence"),
            )
        )
    return sorted(found, key=lambda s: s.label)
