"""What the query page shows for one query: a page of its answer, or why there is none.

:func:`show` runs the query (:mod:`ikkan.site.query_page.run`), labels the IRIs of the page in the
reader's language, and returns a :class:`Shown` — table cells, a bar chart when the result is
one label column and one numeric column, Turtle with links for graphs, the row count and the
time taken. :func:`problem` turns a :class:`QueryError` into a :class:`Problem` the page shows
beside the editor: the endpoint's message, its HTTP status, and for a syntax error the line and
column with an excerpt of the query around them. :func:`downloads` lists the endpoint URLs that
give the same answer in each format.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from urllib.parse import quote, urlencode

import pyoxigraph as ox
from markupsafe import Markup

from ...settings import Settings
from ...sparql import conneg
from ...store.base import QueryError, QuerySyntaxError, ResultKind, Store
from ..charts import BarChart, bar_chart
from ..labels import fetch_labels
from . import run as query_run
from .results import Cell, iris_in, numeric_columns, table
from .turtle import turtle_html

log = logging.getLogger(__name__)

# The longest URL the page links to: the server reads request lines up to 8,190 bytes.
MAX_URL = 8000
# IRIs labelled per page of Turtle; the rest are linked without a hover label.
MAX_LABELLED = 600

DOWNLOAD_FORMATS: dict[ResultKind, tuple[conneg.Format, ...]] = {
    ResultKind.SOLUTIONS: (conneg.CSV, conneg.TSV, conneg.SRJ, conneg.SRX),
    ResultKind.BOOLEAN: (conneg.CSV, conneg.TSV, conneg.SRJ, conneg.SRX),
    ResultKind.GRAPH: (conneg.TURTLE, conneg.JSONLD, conneg.NTRIPLES, conneg.RDFXML),
}


@dataclass
class Shown:
    """A page of an answer, ready for the template."""

    kind: str  # "solutions", "boolean" or "graph"
    elapsed: float
    total: int
    page: query_run.Pager
    variables: list[str] = field(default_factory=list)
    cells: list[list[Cell]] = field(default_factory=list)
    numeric: list[bool] = field(default_factory=list)
    chart: BarChart | None = None
    boolean: bool | None = None
    turtle: Markup | None = None


@dataclass(frozen=True)
class ExcerptLine:
    number: int
    text: str
    error: bool = False
    # The error line split at the column: text before it, the character at it, the rest.
    before: str = ""
    at: str = ""
    after: str = ""


@dataclass(frozen=True)
class Problem:
    """Why a query has no answer, as the page shows it."""

    kind: str  # the QueryError class name
    status: int
    message: str
    detail: str = ""
    line: int | None = None
    column: int | None = None
    excerpt: tuple[ExcerptLine, ...] = ()


@dataclass(frozen=True)
class Download:
    name: str
    label: str
    extension: str
    url: str | None  # None when the query is too long for a link (a POST form is shown)


def _labels(store: Store, iris: set[str], lang: str) -> dict[str, tuple[str, str]]:
    """Labels for the page's IRIs; a page without labels is still a page."""
    if not iris:
        return {}
    try:
        return fetch_labels(store, sorted(iris)[:MAX_LABELLED], lang, timeout=10)
    except QueryError:
        log.warning("labels for the query page could not be fetched", exc_info=True)
        return {}


def show(store: Store, settings: Settings, query: str, page: int, lang: str) -> Shown:
    """Run ``query`` and shape page ``page`` of its answer; raise :class:`QueryError`."""
    answer = query_run.run(store, settings, query, page)
    base = settings.base_iri
    shown = Shown(answer.kind.value, answer.elapsed, answer.total, answer.page)
    if answer.kind is ResultKind.BOOLEAN:
        shown.boolean = answer.boolean
    elif answer.kind is ResultKind.GRAPH:
        iris = {
            term.value
            for t in answer.triples
            for term in (t.subject, t.predicate, t.object)
            if isinstance(term, ox.NamedNode)
        }
        shown.turtle = turtle_html(answer.triples, base, _labels(store, iris, lang))
    else:
        labels = _labels(store, iris_in(answer.rows), lang)
        shown.variables = answer.variables
        shown.cells = table(answer.rows, labels, base)
        shown.numeric = numeric_columns(shown.cells, len(answer.variables))
        shown.chart = bar_chart(answer.variables, shown.cells)
    return shown


# How much of a line the excerpt shows on each side of the error (a query may be one long line).
EXCERPT_WIDTH = 160


def _clip(text: str, width: int = 2 * EXCERPT_WIDTH) -> str:
    return text if len(text) <= width else text[:width] + "…"


def excerpt(query: str, line: int, column: int | None, context: int = 2) -> tuple[ExcerptLine, ...]:
    """The lines around ``line`` (from 1), the error line split at ``column``; long lines are
    cut to :data:`EXCERPT_WIDTH` characters either side of the error."""
    lines = query.split("\n")
    if not 1 <= line <= len(lines):
        return ()
    out = []
    for number in range(max(1, line - context), min(len(lines), line + context) + 1):
        text = lines[number - 1]
        if number != line:
            out.append(ExcerptLine(number, _clip(text)))
            continue
        at = max((column or 1) - 1, 0)
        start = max(at - EXCERPT_WIDTH, 0)
        before = ("…" if start else "") + text[start:at]
        after = text[at + 1 :]
        out.append(
            ExcerptLine(
                number,
                _clip(text),
                error=True,
                before=before,
                at=text[at : at + 1] or " ",
                after=_clip(after, EXCERPT_WIDTH),
            )
        )
    return tuple(out)


def problem(exc: QueryError, query: str) -> Problem:
    """What the page says about a query the store did not answer."""
    message, _, detail = str(exc).partition("\n\n")
    kind = type(exc).__name__
    if isinstance(exc, QuerySyntaxError) and exc.line is not None:
        return Problem(
            kind,
            exc.status,
            message.strip(),
            detail.rstrip(),
            exc.line,
            exc.column,
            excerpt(query, exc.line, exc.column),
        )
    return Problem(kind, exc.status, str(exc).strip())


def url_with(path: str, params: dict[str, str]) -> str:
    return path + "?" + urlencode(params, quote_via=quote)


def fits(url: str) -> bool:
    return len(url.encode("utf-8")) <= MAX_URL


def downloads(endpoint: str, query: str, kind: ResultKind) -> list[Download]:
    """The endpoint's URL for this query in each format of its kind (None: too long to link)."""
    out = []
    for fmt in DOWNLOAD_FORMATS[kind]:
        url = url_with(endpoint, {"query": query, "format": fmt.name})
        out.append(
            Download(
                fmt.name, fmt.label, conneg.suffix_of(fmt.media_type), url if fits(url) else None
            )
        )
    return out
