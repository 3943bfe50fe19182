"""Content negotiation: every media type, alias and preference of the server, in one place.

One table per kind of answer — solutions (SELECT), booleans (ASK), graphs (CONSTRUCT, DESCRIBE),
the endpoint's own description (RDF or an HTML page), and the documents of the linked-data site
(an entity's or the ontology's page for people, its RDF for programs, each RDF format with the
file suffix it is served under: ``/data/<path>.ttl``, ``/ontology.jsonld``).
:func:`negotiate` picks from a table: an explicit ``format=`` wins (``json``, ``ttl``, or a full
media type), then ``Accept`` by the HTTP rules — q-values, wildcards, and for each format the
*most specific* range that matches it — with the table's order breaking ties. When nothing
fits it raises :class:`NotAcceptable` (406). Every negotiated response carries ``Vary: Accept``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..namespaces import FORMATS
from .errors import NotAcceptable, ResultKind


@dataclass(frozen=True)
class Format:
    """One representation: what it is called, what it is sent as, what selects it."""

    name: str
    label: str
    media_type: str
    # format= values besides the name, and media types in Accept that also select it.
    aliases: tuple[str, ...] = ()
    also_accepts: tuple[str, ...] = ()
    # IRI in the W3C formats vocabulary, for the service description.
    format_iri: str | None = None
    # File suffix of a file in this format: a document on the linked-data site (``ttl`` …), a
    # result a browser saves (``csv`` …).
    suffix: str | None = None

    @property
    def content_type(self) -> str:
        return f"{self.media_type}; charset=utf-8"


_FORMATS_NS = str(FORMATS)

SRJ = Format(
    "json",
    "SPARQL Results JSON",
    "application/sparql-results+json",
    aliases=("srj",),
    also_accepts=("application/json",),
    format_iri=_FORMATS_NS + "SPARQL_Results_JSON",
    suffix="json",
)
SRX = Format(
    "xml",
    "SPARQL Results XML",
    "application/sparql-results+xml",
    aliases=("srx",),
    also_accepts=("application/xml", "text/xml"),
    format_iri=_FORMATS_NS + "SPARQL_Results_XML",
    suffix="xml",
)
CSV = Format("csv", "CSV", "text/csv", format_iri=_FORMATS_NS + "SPARQL_Results_CSV", suffix="csv")
TSV = Format(
    "tsv",
    "TSV",
    "text/tab-separated-values",
    format_iri=_FORMATS_NS + "SPARQL_Results_TSV",
    suffix="tsv",
)
TURTLE = Format(
    "turtle",
    "Turtle",
    "text/turtle",
    aliases=("ttl", "n3"),
    also_accepts=("application/x-turtle", "application/turtle", "text/n3", "text/rdf+n3"),
    format_iri=_FORMATS_NS + "Turtle",
    suffix="ttl",
)
NTRIPLES = Format(
    "ntriples",
    "N-Triples",
    "application/n-triples",
    aliases=("nt", "n-triples"),
    format_iri=_FORMATS_NS + "N-Triples",
    suffix="nt",
)
JSONLD = Format(
    "jsonld",
    "JSON-LD",
    "application/ld+json",
    aliases=("json-ld", "json"),
    also_accepts=("application/json",),
    format_iri=_FORMATS_NS + "JSON-LD",
    suffix="jsonld",
)
RDFXML = Format(
    "rdfxml",
    "RDF/XML",
    "application/rdf+xml",
    aliases=("rdf", "xml", "rdf+xml", "rdf-xml"),
    also_accepts=("application/xml", "text/xml"),
    format_iri=_FORMATS_NS + "RDF_XML",
    suffix="rdf",
)
HTML = Format(
    "html",
    "HTML",
    "text/html",
    aliases=("htm",),
    also_accepts=("application/xhtml+xml",),
    suffix="html",
)

# Order is the server's preference when a client likes several formats equally.
SOLUTIONS: tuple[Format, ...] = (SRJ, SRX, CSV, TSV)
BOOLEAN: tuple[Format, ...] = (SRJ, SRX, CSV, TSV)
GRAPH: tuple[Format, ...] = (TURTLE, NTRIPLES, JSONLD, RDFXML)
# A GET without a query: the service description in RDF (Turtle for `curl`'s */*), or the
# HTML page when the client prefers HTML, as browsers do.
DESCRIPTION: tuple[Format, ...] = (*GRAPH, HTML)
# An entity, a class or the ontology on the linked-data site: the HTML page first, so that a
# client that accepts anything (curl's */*) gets what a person reads; programs name an RDF type.
DOCUMENT: tuple[Format, ...] = (HTML, *GRAPH)
# Search results: the HTML page, or JSON for scripts.
JSON = Format("json", "JSON", "application/json", suffix="json")
SEARCH: tuple[Format, ...] = (HTML, JSON)

TABLES: dict[ResultKind, tuple[Format, ...]] = {
    ResultKind.SOLUTIONS: SOLUTIONS,
    ResultKind.BOOLEAN: BOOLEAN,
    ResultKind.GRAPH: GRAPH,
}

_KIND_NAMES = {
    ResultKind.SOLUTIONS: "SELECT results",
    ResultKind.BOOLEAN: "ASK results",
    ResultKind.GRAPH: "CONSTRUCT and DESCRIBE results",
}


@dataclass(frozen=True)
class MediaRange:
    type: str
    subtype: str
    q: float

    @property
    def specificity(self) -> int:
        return (self.type != "*") + (self.subtype != "*")

    def matches(self, media_type: str) -> bool:
        kind, _, sub = media_type.partition("/")
        return self.type in ("*", kind) and self.subtype in ("*", sub)


def parse_accept(header: str) -> list[MediaRange]:
    """The media ranges of an Accept header; entries that are not media ranges are skipped."""
    ranges = []
    for entry in header.split(",")[:64]:
        media, *params = (part.strip() for part in entry.split(";"))
        kind, slash, sub = media.lower().partition("/")
        if not slash or not kind or not sub or (kind == "*" and sub != "*"):
            continue
        q = 1.0
        for param in params:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = min(max(float(value.strip()), 0.0), 1.0)
                except ValueError:
                    q = 0.0
        ranges.append(MediaRange(kind, sub, q))
    return ranges


def _quality(fmt: Format, ranges: Sequence[MediaRange]) -> float:
    """The q of the most specific range matching any media type of the format."""
    best: tuple[int, float] | None = None
    for media_type in (fmt.media_type, *fmt.also_accepts):
        for r in ranges:
            # An alias is chosen only by name: text/* must not pick SPARQL XML as "text/xml".
            if media_type != fmt.media_type and r.specificity < 2:
                continue
            if r.matches(media_type):
                # A range naming the format's own type counts as more specific than one that
                # names an alias of it (application/json for JSON-LD).
                score = (r.specificity * 2 + (media_type == fmt.media_type), r.q)
                if (
                    best is None
                    or score[0] > best[0]
                    or (score[0] == best[0] and score[1] > best[1])
                ):
                    best = score
    return 0.0 if best is None else best[1]


def find_format(table: Sequence[Format], value: str) -> Format | None:
    """The format of ``table`` a ``format=`` value names, by name, alias or media type."""
    value = value.strip().lower()
    media = value.split(";")[0].strip()
    for fmt in table:
        if value == fmt.name or value in fmt.aliases or media == fmt.media_type:
            return fmt
    for fmt in table:
        if media in fmt.also_accepts:
            return fmt
    return None


def by_suffix(table: Sequence[Format], suffix: str) -> Format | None:
    """The format of ``table`` served under the file suffix ``suffix`` (``ttl``, ``jsonld`` …)."""
    return next((fmt for fmt in table if fmt.suffix and fmt.suffix == suffix), None)


def suffix_of(media_type: str) -> str:
    """The file suffix of a media type the server writes (``txt`` for one it does not)."""
    for table in (*TABLES.values(), DESCRIPTION, SEARCH):
        for fmt in table:
            if fmt.media_type == media_type and fmt.suffix:
                return fmt.suffix
    return "txt"


def known_format(value: str) -> bool:
    return any(find_format(t, value) for t in (SOLUTIONS, GRAPH, DESCRIPTION))


def negotiate(
    table: Sequence[Format], accept: str | None, format_param: str | None = None
) -> Format:
    """Choose a format from ``table``; raise :class:`NotAcceptable` when none fits."""
    if format_param:
        chosen = find_format(table, format_param)
        if chosen is not None:
            return chosen
    if accept is None or not accept.strip():
        return table[0]
    ranges = parse_accept(accept)
    best: Format | None = None
    best_q = 0.0
    for fmt in table:
        q = _quality(fmt, ranges)
        if q > best_q:
            best, best_q = fmt, q
    if best is None:
        offered = ", ".join(f.media_type for f in table)
        raise NotAcceptable(
            f"None of the media types in Accept ({accept.strip()[:200]}) can be given here. "
            f"Available: {offered}; or add format= ({', '.join(f.name for f in table)})."
        )
    return best


def negotiate_kinds(
    accept: str | None, format_param: str | None
) -> dict[ResultKind, Format | None]:
    """The format for each result kind (None where the client accepts none of them)."""
    choices: dict[ResultKind, Format | None] = {}
    for kind, table in TABLES.items():
        try:
            choices[kind] = negotiate(table, accept, format_param)
        except NotAcceptable:
            choices[kind] = None
    return choices


def not_acceptable(kind: ResultKind, accept: str | None, format_param: str | None) -> NotAcceptable:
    table = TABLES[kind]
    asked = f"format={format_param}" if format_param else f"Accept: {(accept or '').strip()[:200]}"
    return NotAcceptable(
        f"{_KIND_NAMES[kind]} cannot be given in any format this request accepts ({asked}). "
        f"Available: {', '.join(f.media_type for f in table)}; "
        f"or format={'|'.join(f.name for f in table)}.",
        kind,
    )
