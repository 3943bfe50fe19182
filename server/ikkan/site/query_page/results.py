"""Turn a page of SPARQL solutions into table cells a person can read and follow.

An IRI is shown by its label in the reader's language (from :func:`fetch_labels`), or else by its
prefixed name, and links to where it can be read: our own IRIs to their local ``/id/…`` paths
(which lead to the entity pages), other data sets' IRIs as they are. A literal shows its value,
with its language tag or datatype kept for the hover title (``@ja``, ``xsd:integer``) and its
language as the cell's ``lang``. Numeric literals are marked so tables align them and charts can
use them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

import pyoxigraph as ox

from ...namespaces import XSD, shorten
from ..links import href, is_ours
from .run import Term

NUMERIC_TYPES = frozenset(
    XSD + t
    for t in (
        "integer",
        "decimal",
        "double",
        "float",
        "int",
        "long",
        "short",
        "byte",
        "nonNegativeInteger",
        "positiveInteger",
        "nonPositiveInteger",
        "negativeInteger",
        "unsignedLong",
        "unsignedInt",
        "unsignedShort",
        "unsignedByte",
    )
)


@dataclass(frozen=True)
class Cell:
    """One value as the page shows it; ``kind`` is iri, bnode, literal, triple or empty."""

    kind: str
    text: str = ""
    href: str | None = None
    title: str | None = None
    lang: str | None = None
    external: bool = False
    number: float | None = None

    @property
    def numeric(self) -> bool:
        return self.number is not None


EMPTY = Cell("empty")


def curie(iri: str) -> str | None:
    """``iri`` as a prefixed name with the project's prefixes, when one fits."""
    return shorten(iri)


def datatype_name(iri: str) -> str:
    return curie(iri) or iri


def _number(term: ox.Literal) -> float | None:
    if term.datatype.value not in NUMERIC_TYPES:
        return None
    try:
        return float(Decimal(term.value))
    except (InvalidOperation, ValueError):
        return None


def literal_cell(term: ox.Literal) -> Cell:
    if term.language:
        return Cell("literal", term.value, title="@" + term.language, lang=term.language)
    datatype = term.datatype.value
    return Cell("literal", term.value, title=datatype_name(datatype), number=_number(term))


def iri_cell(iri: str, labels: dict[str, tuple[str, str]], base: str) -> Cell:
    label, language = labels.get(iri, ("", ""))
    text = label or curie(iri) or iri
    return Cell(
        "iri",
        text,
        href=href(iri, base),
        title=iri,
        lang=language or None,
        external=not is_ours(iri, base),
    )


def term_cell(term: Term | None, labels: dict[str, tuple[str, str]], base: str) -> Cell:
    if term is None:
        return EMPTY
    if isinstance(term, ox.NamedNode):
        return iri_cell(term.value, labels, base)
    if isinstance(term, ox.BlankNode):
        return Cell("bnode", f"_:{term.value}", title="blank node")
    if isinstance(term, ox.Literal):
        return literal_cell(term)
    return Cell("triple", str(term), title="RDF-star triple")


def iris_in(rows: Iterable[Sequence[Term | None]]) -> set[str]:
    """Every IRI a page of rows shows (they are labelled in one batch)."""
    return {term.value for row in rows for term in row if isinstance(term, ox.NamedNode)}


def table(
    rows: Iterable[Sequence[Term | None]], labels: dict[str, tuple[str, str]], base: str
) -> list[list[Cell]]:
    return [[term_cell(term, labels, base) for term in row] for row in rows]


def numeric_columns(cells: Sequence[Sequence[Cell]], width: int) -> list[bool]:
    """For each column, whether every value in it is a number (and there is one)."""
    out = []
    for index in range(width):
        values = [row[index] for row in cells if row[index].kind != "empty"]
        out.append(bool(values) and all(c.numeric for c in values))
    return out
