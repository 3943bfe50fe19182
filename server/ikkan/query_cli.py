"""``ikkan query``: ask the built store from the command line.

The query goes through the same store interface as the web endpoint (same limits, same
SERVICE allow-list). ``--format table`` prints aligned columns with prefixed names — Japanese
text counted at its display width — and the machine formats print exactly what the endpoint
would send. Exit codes: 0 answered, 1 the query was refused or failed (the message says where),
2 the store has not been built.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import TextIO

import pyoxigraph as ox

from .display import display_width
from .namespaces import RDF_LANG_STRING, XSD, XSD_STRING, shorten
from .settings import Settings
from .store import open_store
from .store.base import QueryError, ResultKind, StoreMissing
from .store.plan import plan_query

# --format value -> media type per result kind (None: that format cannot carry that kind).
FORMATS: dict[str, dict[ResultKind, str | None]] = {
    "csv": {ResultKind.SOLUTIONS: "text/csv", ResultKind.BOOLEAN: "text/csv"},
    "tsv": {
        ResultKind.SOLUTIONS: "text/tab-separated-values",
        ResultKind.BOOLEAN: "text/tab-separated-values",
    },
    "json": {
        ResultKind.SOLUTIONS: "application/sparql-results+json",
        ResultKind.BOOLEAN: "application/sparql-results+json",
        ResultKind.GRAPH: "application/ld+json",
    },
    "xml": {
        ResultKind.SOLUTIONS: "application/sparql-results+xml",
        ResultKind.BOOLEAN: "application/sparql-results+xml",
        ResultKind.GRAPH: "application/rdf+xml",
    },
    "turtle": {ResultKind.GRAPH: "text/turtle"},
    "ntriples": {ResultKind.GRAPH: "application/n-triples"},
}
# Literals shown by their value alone, as Turtle writes them.
_PLAIN = {XSD_STRING, RDF_LANG_STRING, *(XSD + t for t in ("integer", "decimal", "boolean"))}
_TABLE = {
    ResultKind.SOLUTIONS: "application/sparql-results+json",
    ResultKind.BOOLEAN: "application/sparql-results+json",
    ResultKind.GRAPH: "application/n-triples",
}


def compact(term: object) -> str:
    """A term as a person reads it: prefixed names, literal values with language or type."""
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        return shorten(term.value) or f"<{term.value}>"
    if isinstance(term, ox.Literal):
        if term.language:
            return f"{term.value}@{term.language}"
        datatype = term.datatype.value
        if datatype in _PLAIN:
            return term.value
        return f"{term.value}^^{compact(term.datatype)}"
    return str(term)


def write_table(out: TextIO, header: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    widths = [display_width(h) for h in header]
    for row in rows:
        widths = [max(w, display_width(cell)) for w, cell in zip(widths, row, strict=True)]

    def line(cells: Sequence[str]) -> str:
        padded = (c + " " * (w - display_width(c)) for c, w in zip(cells, widths, strict=True))
        return " | ".join(padded).rstrip()

    out.write(line(header) + "\n")
    out.write("-+-".join("-" * w for w in widths) + "\n")
    for row in rows:
        out.write(line(row) + "\n")
    out.write(f"({len(rows)} {'row' if len(rows) == 1 else 'rows'})\n")


def _print_table(kind: ResultKind, data: bytes, out: TextIO) -> None:
    if kind is ResultKind.GRAPH:
        triples = [q.triple for q in ox.parse(data, ox.RdfFormat.N_TRIPLES)]
        rows = [[compact(t.subject), compact(t.predicate), compact(t.object)] for t in triples]
        write_table(out, ["subject", "predicate", "object"], rows)
        return
    parsed = ox.parse_query_results(data, ox.QueryResultsFormat.JSON)
    if isinstance(parsed, ox.QueryBoolean):
        out.write(("true" if bool(parsed) else "false") + "\n")
        return
    header = [v.value for v in parsed.variables]
    write_table(out, header, [[compact(term) for term in row] for row in parsed])


def run_query(settings: Settings, text: str, fmt: str) -> int:
    formats = _TABLE if fmt == "table" else FORMATS[fmt]
    try:
        plan = plan_query(text, settings, {kind: formats.get(kind) for kind in ResultKind})
    except QueryError as exc:
        print(_message(exc, fmt), file=sys.stderr)
        return 1
    try:
        store = open_store(settings)
    except StoreMissing as exc:
        print(exc, file=sys.stderr)
        return 2
    except QueryError as exc:
        print(exc, file=sys.stderr)
        return 1
    try:
        with store.execute(plan.query, plan.options) as result:
            if fmt == "table":
                _print_table(result.kind, result.read(), sys.stdout)
            else:
                sys.stdout.flush()
                for chunk in result.chunks():
                    sys.stdout.buffer.write(chunk)
                sys.stdout.buffer.flush()
    except QueryError as exc:
        print(_message(exc, fmt), file=sys.stderr)
        return 1
    finally:
        store.close()
    return 0


def _message(exc: QueryError, fmt: str) -> str:
    message = str(exc)
    if exc.status == 406:
        message = f"--format {fmt} cannot carry this query's results; {message}"
    return message.rstrip()
