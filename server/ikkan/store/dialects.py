"""What one SPARQL engine needs beyond the SPARQL 1.1 Protocol, for the remote backend.

The remote backend (:mod:`ikkan.store.remote`) speaks the protocol, and most engines need
nothing more (:class:`Dialect`). Virtuoso Open Source differs in ways that would otherwise give
wrong answers without a word (:class:`Virtuoso`): its default graph is the union of every graph
it holds, its own system graphs included, so ikkan names the build's graphs in every query (as
Virtuoso's ``define input:default-graph-uri`` pragmas: given as request parameters, each graph
comes back as a response header, and past 50 graphs there are more headers than Python's HTTP
client accepts); it merges the request's ``default-graph-uri`` with the query's FROM instead of
letting the request's win, so the query's FROM and FROM NAMED are taken out when the request
names graphs; it cuts a result at ``ResultSetMaxRows`` and stops a query at its time limit and
still answers 200 OK with what it has, saying so only in headers (for solutions; a graph it cuts
says nothing, so a graph of that many triples or more is taken as cut), which become errors
here; it writes ``true`` as ``"1"^^xsd:boolean`` in SPARQL JSON (not in XML, which is asked for
instead), and a graph asked for with SPARQL XML first as RDF/XML (so each form is asked for its
own format: N-Triples for a graph); ``GRAPH ?g { }`` matches nothing on it, where SPARQL gives
one solution per named graph, so that pattern is sent as ``VALUES ?g { … }`` over the dataset's
named graphs; a VALUES block alone in a branch of UNION gives nothing on it, so it is sent as a
subquery; it refuses ``?a <p>+ ?b`` between two variables ("transitive start not given") even
where VALUES binds them, so that is sent as ``{ SELECT DISTINCT ?a ?b { ?a <p> ?hop . ?hop <p>*
?b } }``, the same solutions; it writes a duration as its number of seconds or months
(``"86400.0"^^xsd:duration`` for ``"P1D"``), which is read back as the XSD form of that value
(:mod:`ikkan.store.durations`); and its errors are plain text with a line and a token but no
column, which become the same messages with line and column as the embedded store's.

The dialect is chosen once, when the engine is opened (before the query processes are forked),
from the ``Server`` header of the endpoint's answer to ``ASK {}``; Virtuoso's also lists, once,
the graphs of the build it holds (those under ``graph_namespace``): restart the server after
loading other graphs into the store.
"""

from __future__ import annotations

import http.client
import json
import re
import urllib.parse
from collections.abc import Callable, Iterator
from typing import IO, cast

import pyoxigraph as ox

from ..sparql import guard
from .base import (
    GraphSelection,
    QueryFailed,
    QueryRefused,
    QueryTimeout,
    ResultTooLarge,
    StoreUnavailable,
)
from .durations import DurationStream
from .embedded import syntax_error

Params = list[tuple[str, str]]
Connect = Callable[[], http.client.HTTPConnection]

# What we ask for, best first: formats pyoxigraph parses as a stream.
ACCEPT = (
    "application/sparql-results+json, application/sparql-results+xml;q=0.9, "
    "application/n-triples, text/turtle;q=0.9, application/rdf+xml;q=0.8"
)


class Dialect:
    """A SPARQL 1.1 Protocol endpoint that needs nothing more."""

    name = "SPARQL 1.1"
    accept = ACCEPT

    def prepare(self, query: str, graphs: GraphSelection) -> tuple[str, Params]:
        """The query text to send (``query`` is the whole text, known prefixes declared), and
        the protocol's dataset parameters with it."""
        if graphs.source == "union":
            # The endpoint's default graph is the union of its named graphs (documented).
            return query, []
        return query, _dataset(graphs.default_graphs, graphs.named_graphs)

    def accept_for(self, query: str) -> str:
        """The ``Accept`` header to send with ``query``."""
        return self.accept

    def check(self, response: http.client.HTTPResponse) -> None:
        """Raise when a 200 answer says, in its headers, that it is not the whole result."""

    def error(self, status: int, text: str, query: str, line_offset: int) -> Exception | None:
        """The error an answer other than 200 means, or None to let the backend decide."""
        return None

    def graph(self, triples: Iterator[ox.Triple]) -> Iterator[ox.Triple]:
        """The triples of a graph answer, raising when they turn out not to be all of it."""
        return triples

    def stream(self, response: IO[bytes]) -> IO[bytes]:
        """The answer's body as the parser is to read it."""
        return response


# "Virtuoso 37000 Error SP030: SPARQL compiler, line 3: syntax error at 'x' before '}'"
_VIRTUOSO_ERROR = re.compile(
    r"^Virtuoso (\w+) Error ([^\s:]+):\s*(.*?)(?:\n\s*\nSPARQL query:.*)?$", re.S
)
_COMPILER = re.compile(r"SPARQL compiler, line (\d+): (.*)$", re.S)
_AT_TOKEN = re.compile(r" at '(.*?)' before '(.*?)'$", re.S)
_VIRTUOSO_TIMEOUT_CODES = frozenset({"SR171", "S1T00", "SR172"})


class Virtuoso(Dialect):
    """Virtuoso Open Source 7 (see the module's description)."""

    name = "Virtuoso"
    # SPARQL XML first: Virtuoso's SPARQL JSON writes booleans as "1" and "0".
    accept = (
        "application/sparql-results+xml, application/sparql-results+json;q=0.9, "
        "application/n-triples, text/turtle;q=0.9, application/rdf+xml;q=0.8"
    )

    def __init__(
        self, graphs: tuple[str, ...], graph_namespace: str, max_rows: int | None = None
    ) -> None:
        self.graphs = graphs
        self.graph_namespace = graph_namespace
        self.max_rows = max_rows

    def prepare(self, query: str, graphs: GraphSelection) -> tuple[str, Params]:
        if graphs.source == "union":
            # The build's graphs, as default and as named graphs: Virtuoso's own default graph
            # would add its system graphs, and with only default graphs named, GRAPH ?g would
            # still range over every graph it holds. No graph of the build: an empty dataset.
            names = self.graphs or (self.graph_namespace,)
            # On the first line, before any PREFIX (Virtuoso wants them first), so that line
            # numbers in its error messages stay those of the text.
            pragmas = "".join(
                f"define input:default-graph-uri <{g}> define input:named-graph-uri <{g}> "
                for g in names
            )
            return pragmas + _rewrite(query, self.graphs), []
        if graphs.source != "query" or guard.precheck(query).dataset_readable:
            query = _rewrite(query, graphs.named_graphs)
        if graphs.source == "protocol" and guard.precheck(query).has_dataset:
            stripped = without_dataset_clauses(query)
            if stripped is None:
                raise QueryRefused(
                    "This endpoint's store (Virtuoso) would merge the request's graphs with the "
                    "query's FROM and FROM NAMED, which could not be read: name the graphs in "
                    "one place only."
                )
            query = stripped
        return super().prepare(query, graphs)

    def check(self, response: http.client.HTTPResponse) -> None:
        state = response.getheader("X-SQL-State") or ""
        if state:
            message = response.getheader("X-SQL-Message") or ""
            if state == "S1TAT" or "timeout" in message.lower():
                raise QueryTimeout(
                    "The store stopped the query at its time limit and would have sent an "
                    "incomplete result; nothing was sent."
                )
            raise QueryFailed(
                f"The store sent an incomplete result ({state}: {message[:300]}); nothing was sent."
            )
        max_rows = response.getheader("X-SPARQL-MaxRows")
        if max_rows:
            raise ResultTooLarge(
                f"The store cut the result at its own limit of {max_rows} rows "
                "(Virtuoso's ResultSetMaxRows); nothing was sent. Ask for fewer rows "
                "(LIMIT, a narrower pattern), or raise ResultSetMaxRows above this "
                "endpoint's own limit."
            )

    def accept_for(self, query: str) -> str:
        # Asked for SPARQL XML first, it sends a graph as RDF/XML (slower to read than
        # N-Triples): each form is asked for its own format, when the head says which it is.
        form = guard.precheck(query).form
        if form in ("CONSTRUCT", "DESCRIBE"):
            return "application/n-triples"
        if form in ("SELECT", "ASK"):
            return "application/sparql-results+xml"
        return self.accept

    def stream(self, response: IO[bytes]) -> IO[bytes]:
        # Its durations are numbers of seconds or months (ikkan.store.durations).
        return cast("IO[bytes]", DurationStream(response))

    def graph(self, triples: Iterator[ox.Triple]) -> Iterator[ox.Triple]:
        if not self.max_rows:
            yield from triples
            return
        count = 0
        for triple in triples:
            count += 1
            yield triple
        if count >= self.max_rows:
            raise ResultTooLarge(
                f"The store sent {count:,} triples, as many as its own limit of {self.max_rows:,} "
                "rows (Virtuoso's ResultSetMaxRows), which it may have cut the graph at without "
                "a word; nothing was sent. Ask for fewer triples, or raise ResultSetMaxRows "
                "above this endpoint's own limit."
            )

    def error(self, status: int, text: str, query: str, line_offset: int) -> Exception | None:
        match = _VIRTUOSO_ERROR.match(text.strip())
        if match is None:
            return None
        state, code, message = match[1], match[2], " ".join(match[3].split())
        compiler = _COMPILER.match(match[3].strip())
        if compiler is not None:
            return _syntax_error(int(compiler[1]), compiler[2].strip(), query, line_offset)
        if code in _VIRTUOSO_TIMEOUT_CODES or state.startswith("S1T"):
            return QueryTimeout(f"The store stopped the query at its time limit ({message}).")
        if message.startswith("SECURITY:"):
            return QueryRefused(f"The store refused the query: {message[9:].strip()[:500]}")
        if "estimated execution time" in message:
            return QueryTimeout(f"The store refused a query it expects to run too long: {message}")
        return QueryFailed(f"The store could not evaluate the query: {code}: {message[:500]}")


def _dataset(default: tuple[str, ...], named: tuple[str, ...]) -> Params:
    return [("default-graph-uri", g) for g in default] + [("named-graph-uri", g) for g in named]


_FORMS = frozenset({"SELECT", "ASK", "CONSTRUCT", "DESCRIBE"})


def without_dataset_clauses(query: str) -> str | None:
    """The query without its FROM and FROM NAMED clauses (each replaced by a space and the
    line breaks it held, so that lines keep their numbers); None when the head cannot be read.
    Reads the head as :func:`ikkan.sparql.guard.precheck` does."""
    text = guard.unescape_codepoints(query)
    tokens = (
        (m.lastgroup or "other", m[0], m.start(), m.end())
        for m in guard._TOKEN.finditer(text)
        if m.lastgroup not in ("ws", "comment")
    )
    spans: list[tuple[int, int]] = []
    form = ""
    depth = 0
    template = False
    for kind, value, start, _end in tokens:
        word = value.upper() if kind == "name" else ""
        if not form:
            if word in _FORMS:
                form, template = word, word == "CONSTRUCT"
            continue
        if value in ("(", "{"):
            if value == "{" and depth == 0 and not template:
                break
            depth += 1
            continue
        if value in (")", "}"):
            depth -= 1
            if depth == 0 and value == "}":
                template = False
            continue
        if depth:
            continue
        template = False
        if word == "WHERE":
            break
        if word == "FROM":
            target = next(tokens, None)
            if target is not None and target[1].upper() == "NAMED":
                target = next(tokens, None)
            if target is None or target[0] not in ("iri", "name"):
                return None
            spans.append((start, target[3]))
    else:
        if form != "DESCRIBE":
            return None
    for start, end in reversed(spans):
        text = text[:start] + " " + "\n" * text.count("\n", start, end) + text[end:]
    return text


Token = tuple[str, str, int, int]  # kind, text, start, end


def _tokens(text: str) -> list[Token]:
    return [
        (m.lastgroup or "other", m[0], m.start(), m.end())
        for m in guard._TOKEN.finditer(text)
        if m.lastgroup not in ("ws", "comment")
    ]


def _is(token: Token, word: str) -> bool:
    return token[0] == "name" and token[1].upper() == word


def _closing(tokens: list[Token], i: int) -> int:
    """The index of the bracket that closes the one at ``i`` (len(tokens) if none)."""
    depth = 0
    for j in range(i, len(tokens)):
        if tokens[j][1] in ("{", "("):
            depth += 1
        elif tokens[j][1] in ("}", ")"):
            depth -= 1
            if depth == 0:
                return j
    return len(tokens)


def _rewrite(query: str, named: tuple[str, ...]) -> str:
    """The query with the patterns Virtuoso gets wrong written in a way it gets right (the
    module's description lists them); unchanged when it has none."""
    upper = query.upper()
    if "GRAPH" not in upper and "VALUES" not in upper and "+" not in query:
        return query
    text = guard.unescape_codepoints(query)
    tokens = _tokens(text)
    edits: list[tuple[int, int, str]] = []  # (start, end, replacement) in the text
    hops = 0
    for i, token in enumerate(tokens):
        window = tokens[i : i + 5]
        if len(window) >= 4 and _is(token, "GRAPH"):
            _graph, var, opening, closing = window[:4]
            if var[0] == "var" and (opening[1], closing[1]) == ("{", "}"):
                values = " ".join(f"<{iri}>" for iri in named)
                edits.append((token[2], closing[3], f"VALUES {var[1]} {{ {values} }}"))
        elif token[1] == "{" and len(window) >= 2 and _is(window[1], "VALUES"):
            end = _closing(tokens, i)
            before = tokens[i - 1] if i else None
            after = tokens[end + 1] if end + 1 < len(tokens) else None
            data = next((j for j in range(i + 2, end) if tokens[j][1] == "{"), end)
            alone = _closing(tokens, data) == end - 1
            if alone and ((before and _is(before, "UNION")) or (after and _is(after, "UNION"))):
                edits.append((token[3], token[3], " SELECT * WHERE {"))
                edits.append((tokens[end][2], tokens[end][2], "} "))
        elif len(window) == 5 and token[0] == "var":
            _s, path, plus, obj, follow = window
            starts = i == 0 or tokens[i - 1][1] in ("{", ".", "}")
            if (
                starts
                and path[0] in ("iri", "name")
                and plus[1] == "+"
                and obj[0] == "var"
                and obj[1][1:] != token[1][1:]
                and follow[1] in (".", "}")
            ):
                hops += 1
                hop = f"?ikkan_hop{hops}"
                edits.append(
                    (
                        token[2],
                        obj[3],
                        f"{{ SELECT DISTINCT {token[1]} {obj[1]} WHERE {{ {token[1]} {path[1]} "
                        f"{hop} . {hop} {path[1]}* {obj[1]} }} }}",
                    )
                )
    if not edits:
        return query
    for start, end, replacement in sorted(edits, reverse=True):
        breaks = "\n" * text.count("\n", start, end)
        text = text[:start] + replacement + breaks + text[end:]
    return text


def _syntax_error(line: int, detail: str, query: str, line_offset: int) -> Exception:
    """Virtuoso names the line and the token it stopped at: find the token's column in that
    line and say it the way the embedded store does."""
    lines = query.splitlines() or [""]
    own = min(max(line - line_offset, 1), len(lines))
    text = lines[own - 1]
    column = len(text) + 1
    at = _AT_TOKEN.search(detail)
    token = at[1] if at else ""
    if token and token in text:
        column = text.index(token) + 1
    if detail.startswith("Undefined namespace prefix") and token:
        # The embedded store's wording, which points past the prefixed name's colon.
        end = text.find(":", column - 1)
        position = end + 2 if end >= 0 else column
        return syntax_error(f"error at {own}:{position}: Prefix not found", query)
    detail = _AT_TOKEN.sub("", detail)
    if token:
        detail += f" at {token!r}"
    return syntax_error(f"error at {own}:{column}: {detail}", query)


def _ask(connect: Connect, path: str, query: str) -> tuple[int, str, bytes]:
    """POST one query; (status, Server header, body)."""
    connection = connect()
    try:
        connection.request(
            "POST",
            path,
            body=urllib.parse.urlencode({"query": query}).encode("utf-8"),
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Accept": "application/sparql-results+json",
                "User-Agent": "ikkan",
            },
        )
        response = connection.getresponse()
        return response.status, response.getheader("Server") or "", response.read()
    finally:
        connection.close()


def detect(connect: Connect, path: str, graph_namespace: str) -> Dialect:
    """Ask the endpoint ``ASK {}`` and choose its dialect from the ``Server`` header."""
    try:
        _status, server, _body = _ask(connect, path, "ASK {}")
        if not server.startswith("Virtuoso"):
            return Dialect()
        limit_status, _server, limit = _ask(connect, path, _MAX_ROWS)
        max_rows = _max_rows(limit) if limit_status == 200 else None
        graphs = _graphs(connect, path, graph_namespace, min(max_rows or 10_000, 10_000))
    except (OSError, http.client.HTTPException) as exc:
        raise StoreUnavailable(f"The store could not be reached: {exc}") from exc
    return Virtuoso(graphs, graph_namespace, max_rows)


def _graphs(connect: Connect, path: str, graph_namespace: str, page: int) -> tuple[str, ...]:
    """The graphs under ``graph_namespace``, a page at a time (each within Virtuoso's row
    limit, which would cut one long answer)."""
    found: list[str] = []
    while True:
        listing = (
            "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } "
            f"FILTER(STRSTARTS(STR(?g), {json.dumps(graph_namespace)})) }} "
            f"ORDER BY ?g LIMIT {page} OFFSET {len(found)}"
        )
        status, _server, body = _ask(connect, path, listing)
        if status != 200:
            raise StoreUnavailable(
                f"The store (Virtuoso) did not list its graphs (HTTP {status}): "
                f"{body[:300].decode('utf-8', 'replace')}"
            )
        rows = json.loads(body)["results"]["bindings"]
        found += [row["g"]["value"] for row in rows]
        if len(rows) < page:
            return tuple(sorted(found))


# Virtuoso's row limit, as its SPARQL account may read it (a built-in function of Virtuoso's).
_MAX_ROWS = (
    "SELECT (bif:cfg_item_value(bif:virtuoso_ini_path(), 'SPARQL', 'ResultSetMaxRows') AS ?m) "
    "WHERE {}"
)


def _max_rows(body: bytes) -> int | None:
    try:
        value = json.loads(body)["results"]["bindings"][0]["m"]["value"]
        return int(value) if int(value) > 0 else None
    except (ValueError, KeyError, IndexError, TypeError):
        return None
