"""Write query results, row by row, into a bounded spool, counting as they go.

The SPARQL endpoint must never send a truncated result, so a result is written completely
before its first byte leaves the server: into a :class:`Spool` that holds small results in
memory and moves larger ones to an anonymous temporary file, and that stops the moment the row
or byte limit is passed. SELECT results are written by the small streaming writers below (SPARQL
JSON, XML, CSV and TSV, as the W3C specifications define them); graphs go through pyoxigraph's
own streaming serialisers, fed by a generator that counts triples.
"""

from __future__ import annotations

import io
import json
import re
import tempfile
from collections.abc import Callable, Iterable, Iterator
from typing import IO, Protocol, cast
from xml.sax.saxutils import escape as xml_escape
from xml.sax.saxutils import quoteattr

import pyoxigraph as ox

from ..namespaces import PREFIXES, SPARQL_RESULTS, XSD_STRING
from .base import ResultKind, ResultTooLarge

# Results up to this size stay in memory; larger ones go to a temporary file on disk.
SPOOL_MEMORY_BYTES = 1024 * 1024


class Spool(io.RawIOBase):
    """A write-only buffer: memory up to a bound, then an anonymous temporary file.

    Raises :class:`ResultTooLarge` as soon as more than ``max_bytes`` are written.
    """

    def __init__(self, max_bytes: int, memory_bytes: int = SPOOL_MEMORY_BYTES) -> None:
        super().__init__()
        self.max_bytes = max_bytes
        self.size = 0
        self._memory_bytes = memory_bytes
        self._buffer = bytearray()
        self._file: IO[bytes] | None = None

    def writable(self) -> bool:
        return True

    def write(self, data: bytes | bytearray | memoryview) -> int:  # type: ignore[override]
        n = len(data)
        self.size += n
        if self.size > self.max_bytes:
            raise ResultTooLarge(
                f"The result is larger than this endpoint's limit of {self.max_bytes:,} bytes, "
                "so none of it was sent. Ask for fewer rows (LIMIT) or fewer columns."
            )
        if self._file is None and len(self._buffer) + n > self._memory_bytes:
            # Owned by the spool, then handed to the web process; closed there.
            self._file = tempfile.TemporaryFile()  # noqa: SIM115
            self._file.write(self._buffer)
            self._buffer = bytearray()
        if self._file is not None:
            self._file.write(data)
        else:
            self._buffer += data
        return n

    def text(self, data: str) -> None:
        self.write(data.encode("utf-8"))

    def result(self) -> bytes | IO[bytes]:
        """The written bytes, or the temporary file holding them (rewound)."""
        if self._file is None:
            return bytes(self._buffer)
        self._file.flush()
        self._file.seek(0)
        return self._file


def _too_many(limit: int, what: str) -> ResultTooLarge:
    return ResultTooLarge(
        f"The result has more than {limit:,} {what}, this endpoint's limit, so none of it "
        "was sent. Add a LIMIT (and OFFSET to page through), or narrow the query."
    )


class Solutions(Protocol):
    """What the solution writers read: pyoxigraph's solutions, or a reordering of them."""

    @property
    def variables(self) -> list[ox.Variable]: ...

    def __iter__(self) -> Iterator[Iterable[object]]: ...


class ReorderedSolutions:
    """Solutions with their columns in another order (``order``: a permutation of names)."""

    def __init__(self, solutions: Solutions, order: list[str]) -> None:
        names = [v.value for v in solutions.variables]
        self._solutions = solutions
        self._positions = [names.index(name) for name in order]
        self.variables = [ox.Variable(name) for name in order]

    def __iter__(self) -> Iterator[list[object]]:
        positions = self._positions
        for row in self._solutions:
            values = list(row)
            yield [values[i] for i in positions]


SolutionsWriter = Callable[["Spool", Solutions, int], int]
BooleanWriter = Callable[["Spool", bool], None]
GraphWriter = Callable[["Spool", Iterable[ox.Triple], int], int]

# --- terms -----------------------------------------------------------------------------------

# XML 1.0 cannot carry these code points at all, even escaped.
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _literal_parts(term: ox.Literal) -> tuple[str, str | None, str | None]:
    """Value, language and datatype (None for plain strings) of a literal."""
    datatype = term.datatype.value
    if term.language:
        return term.value, term.language, None
    return term.value, None, None if datatype == XSD_STRING else datatype


def _json_term(term: object) -> dict[str, object]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        value, language, datatype = _literal_parts(term)
        out: dict[str, object] = {"type": "literal", "value": value}
        if language:
            out["xml:lang"] = language
        elif datatype:
            out["datatype"] = datatype
        return out
    if isinstance(term, ox.Triple):
        return {
            "type": "triple",
            "value": {
                "subject": _json_term(term.subject),
                "predicate": _json_term(term.predicate),
                "object": _json_term(term.object),
            },
        }
    raise TypeError(f"not an RDF term: {term!r}")


def _xml_text(text: str) -> str:
    return xml_escape(_XML_INVALID.sub("\ufffd", text))


def _xml_term(term: object) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{_xml_text(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{_xml_text(term.value)}</bnode>"
    if isinstance(term, ox.Literal):
        value, language, datatype = _literal_parts(term)
        if language:
            return f"<literal xml:lang={quoteattr(language)}>{_xml_text(value)}</literal>"
        if datatype:
            return f"<literal datatype={quoteattr(datatype)}>{_xml_text(value)}</literal>"
        return f"<literal>{_xml_text(value)}</literal>"
    if isinstance(term, ox.Triple):
        return (
            f"<triple><subject>{_xml_term(term.subject)}</subject>"
            f"<predicate>{_xml_term(term.predicate)}</predicate>"
            f"<object>{_xml_term(term.object)}</object></triple>"
        )
    raise TypeError(f"not an RDF term: {term!r}")


def _nt_string(value: str) -> str:
    escaped = (
        value.replace("\\", "\\\\")
        .replace('"', '\\"')
        .replace("\n", "\\n")
        .replace("\r", "\\r")
        .replace("\t", "\\t")
    )
    return f'"{escaped}"'


def _tsv_term(term: object) -> str:
    """A term in Turtle syntax, with tabs and line breaks escaped (SPARQL 1.1 TSV)."""
    if term is None:
        return ""
    if isinstance(term, ox.Literal):
        value, language, datatype = _literal_parts(term)
        if language:
            return f"{_nt_string(value)}@{language}"
        if datatype:
            return f"{_nt_string(value)}^^<{datatype}>"
        return _nt_string(value)
    if isinstance(term, ox.Triple):
        return (
            f"<< {_tsv_term(term.subject)} {_tsv_term(term.predicate)} {_tsv_term(term.object)} >>"
        )
    return str(term)


def _csv_field(term: object) -> str:
    """A term as SPARQL 1.1 CSV writes it: IRIs and literal values plain, quoted when needed."""
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode | ox.Literal):
        text = term.value
    elif isinstance(term, ox.BlankNode):
        text = f"_:{term.value}"
    else:
        text = _tsv_term(term)
    if any(c in text for c in ',"\r\n'):
        return '"' + text.replace('"', '""') + '"'
    return text


# --- solutions -------------------------------------------------------------------------------


def _rows(solutions: Solutions, limit: int) -> Iterator[Iterable[object]]:
    for count, row in enumerate(solutions, start=1):
        if count > limit:
            raise _too_many(limit, "rows")
        yield row


def _json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _write_json_solutions(out: Spool, solutions: Solutions, limit: int) -> int:
    names = [v.value for v in solutions.variables]
    out.text('{"head":{"vars":' + _json(names) + '},"results":{"bindings":[')
    rows = 0
    for row in _rows(solutions, limit):
        binding = {
            name: _json_term(term)
            for name, term in zip(names, row, strict=True)
            if term is not None
        }
        out.text(("," if rows else "") + _json(binding))
        rows += 1
    out.text("]}}")
    return rows


def _write_xml_solutions(out: Spool, solutions: Solutions, limit: int) -> int:
    names = [v.value for v in solutions.variables]
    out.text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<sparql xmlns="{SPARQL_RESULTS}"><head>'
        + "".join(f"<variable name={quoteattr(name)}/>" for name in names)
        + "</head><results>"
    )
    rows = 0
    for row in _rows(solutions, limit):
        parts = [
            f"<binding name={quoteattr(name)}>{_xml_term(term)}</binding>"
            for name, term in zip(names, row, strict=True)
            if term is not None
        ]
        out.text("<result>" + "".join(parts) + "</result>\n")
        rows += 1
    out.text("</results></sparql>\n")
    return rows


def _write_csv_solutions(out: Spool, solutions: Solutions, limit: int) -> int:
    names = [v.value for v in solutions.variables]
    out.text(",".join(_csv_field(ox.Literal(n)) for n in names) + "\r\n")
    rows = 0
    for row in _rows(solutions, limit):
        out.text(",".join(_csv_field(term) for term in row) + "\r\n")
        rows += 1
    return rows


def _write_tsv_solutions(out: Spool, solutions: Solutions, limit: int) -> int:
    names = [v.value for v in solutions.variables]
    out.text("\t".join("?" + n for n in names) + "\n")
    rows = 0
    for row in _rows(solutions, limit):
        out.text("\t".join(_tsv_term(term) for term in row) + "\n")
        rows += 1
    return rows


# --- booleans --------------------------------------------------------------------------------


def _write_json_boolean(out: Spool, value: bool) -> None:
    out.text('{"head":{},"boolean":' + ("true" if value else "false") + "}")


def _write_xml_boolean(out: Spool, value: bool) -> None:
    out.text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<sparql xmlns="{SPARQL_RESULTS}"><head/>'
        f"<boolean>{'true' if value else 'false'}</boolean></sparql>\n"
    )


def _write_plain_boolean(out: Spool, value: bool) -> None:
    # CSV and TSV define no boolean form; a bare true/false is what other engines write.
    out.text("true\n" if value else "false\n")


# --- graphs ----------------------------------------------------------------------------------


def _counted(triples: Iterable[ox.Triple], limit: int, counter: list[int]) -> Iterator[ox.Triple]:
    for triple in triples:
        counter[0] += 1
        if counter[0] > limit:
            raise _too_many(limit, "triples")
        yield triple


def _graph_writer(
    fmt: ox.RdfFormat, prefixes: bool
) -> Callable[[Spool, Iterable[ox.Triple], int], int]:
    def write(out: Spool, triples: Iterable[ox.Triple], limit: int) -> int:
        counter = [0]
        ox.serialize(
            _counted(triples, limit, counter),
            cast(IO[bytes], out),
            fmt,
            prefixes=dict(PREFIXES) if prefixes else None,
        )
        return counter[0]

    return write


# Keyed by the media type the negotiation module (ikkan.sparql.conneg) sends; a test checks
# that every format it offers has a writer here.
SOLUTIONS_WRITERS: dict[str, SolutionsWriter] = {
    "application/sparql-results+json": _write_json_solutions,
    "application/sparql-results+xml": _write_xml_solutions,
    "text/csv": _write_csv_solutions,
    "text/tab-separated-values": _write_tsv_solutions,
}
BOOLEAN_WRITERS: dict[str, BooleanWriter] = {
    "application/sparql-results+json": _write_json_boolean,
    "application/sparql-results+xml": _write_xml_boolean,
    "text/csv": _write_plain_boolean,
    "text/tab-separated-values": _write_plain_boolean,
}
GRAPH_WRITERS: dict[str, GraphWriter] = {
    "text/turtle": _graph_writer(ox.RdfFormat.TURTLE, prefixes=True),
    "application/n-triples": _graph_writer(ox.RdfFormat.N_TRIPLES, prefixes=False),
    "application/ld+json": _graph_writer(ox.RdfFormat.JSON_LD, prefixes=False),
    "application/rdf+xml": _graph_writer(ox.RdfFormat.RDF_XML, prefixes=True),
}

WRITERS: dict[ResultKind, dict[str, object]] = {
    ResultKind.SOLUTIONS: dict(SOLUTIONS_WRITERS),
    ResultKind.BOOLEAN: dict(BOOLEAN_WRITERS),
    ResultKind.GRAPH: dict(GRAPH_WRITERS),
}
