"""The embedded backend: the Oxigraph store that ``ikkan build`` writes, opened read-only.

The store is opened read-only (several processes may read it at once), or copied into memory
at start when ``in_memory`` is set: aggregates then run several times faster at the cost of RAM.
Either way it is opened once, in the zygote of :mod:`ikkan.store.processes`, before any query
process is forked, so query processes share it rather than each opening or loading their own. The
default graph is the union of the named graphs unless the request or the query names graphs.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from .base import Evaluation, GraphSelection, QueryFailed, QuerySyntaxError, StoreUnavailable

log = logging.getLogger(__name__)

_POSITION = re.compile(r"^error at (\d+):(\d+): (.*)$", re.DOTALL)
# Character classes in the parser's "expected" list help no one; name them instead.
_CHAR_CLASS = re.compile(r"\[(?:[^\[\]']|'[^']*')*\]")
# Characters of the query line quoted on each side of a syntax error's column.
_QUOTED = 160


def syntax_error(message: str, query: str, line_offset: int = 0) -> QuerySyntaxError:
    """Turn an Oxigraph parser message ("error at 3:14: expected ...") into a message that
    quotes the line and points at the column (``line_offset``: lines the engine saw before
    the query's own first line)."""
    match = _POSITION.match(message.strip())
    if not match:
        return QuerySyntaxError(f"Malformed query: {message.strip()[:500]}")
    line, column, detail = int(match[1]) - line_offset, int(match[2]), match[3]
    lines = query.splitlines() or [""]
    text = lines[line - 1] if 0 < line <= len(lines) else ""
    if "Prefix not found" in detail:
        return _unknown_prefix(text, line, column)
    detail = _CHAR_CLASS.sub("a name character", detail)
    detail = re.sub(r"(, a name character)+", ", a name character", detail)
    if len(detail) > 300:
        detail = detail[:300] + "…"
    # A long line (a query may be one line of a megabyte) is shown around the column only.
    start = max(column - 1 - _QUOTED, 0)
    text = (
        ("…" if start else "")
        + text[start : column - 1 + _QUOTED]
        + ("…" if len(text) > column - 1 + _QUOTED else "")
    )
    column_in_text = column - start + (1 if start else 0)
    caret = " " * max(min(column_in_text, len(text) + 1) - 1, 0) + "^"
    return QuerySyntaxError(
        f"Malformed query at line {line}, column {column}: {detail}\n\n  {text}\n  {caret}\n",
        line,
        column,
    )


# The prefixed name that ends where the engine stopped: its prefix is the unknown one.
_PNAME_BEFORE = re.compile(r"([^\s{}()\[\];,.<>\"'^|?$]*):[^\s{}()\[\];,<>\"'^|]*$")


def _unknown_prefix(text: str, line: int, column: int) -> QuerySyntaxError:
    match = _PNAME_BEFORE.search(text[: max(column - 1, 0)])
    if match is None:
        return QuerySyntaxError(f"Unknown prefix at line {line}, column {column}.", line, column)
    prefix, start = match[1], match.start() + 1
    caret = " " * (start - 1) + "^"
    return QuerySyntaxError(
        f"unknown prefix '{prefix}:' at line {line}, column {start}: declare it with "
        f"PREFIX {prefix}: <…>, or use one this endpoint knows (see its service "
        f"description).\n\n  {text}\n  {caret}\n",
        line,
        start,
    )


def dataset_arguments(graphs: GraphSelection) -> dict[str, Any]:
    """pyoxigraph ``query()`` arguments for a graph selection."""
    if graphs.source == "union":
        return {"use_default_graph_as_union": True}
    if graphs.source == "protocol":
        try:
            return {
                "default_graph": [ox.NamedNode(iri) for iri in graphs.default_graphs],
                "named_graphs": [ox.NamedNode(iri) for iri in graphs.named_graphs],
            }
        except ValueError as exc:
            raise QuerySyntaxError(f"Invalid graph IRI: {exc}") from exc
    # The query's own FROM / FROM NAMED: pyoxigraph applies them itself.
    return {}


class EmbeddedEngine:
    """Evaluates queries on a pyoxigraph store (see :class:`ikkan.store.base.Engine`)."""

    def __init__(self, store: ox.Store, description: str, base_iri: str | None) -> None:
        self._store = store
        self.description = description
        self._base_iri = base_iri

    @classmethod
    def open(cls, path: Path, *, in_memory: bool, base_iri: str | None) -> EmbeddedEngine:
        try:
            on_disk = ox.Store.read_only(str(path))
        except OSError as exc:
            # The path is the operator's business: the log has it, the client's message not.
            log.warning("cannot open the store at %s: %s", path, exc)
            raise StoreUnavailable(
                "the on-disk store cannot be opened (it may have been moved or removed)"
            ) from exc
        if not in_memory:
            return cls(on_disk, "embedded Oxigraph store (read-only, on disk)", base_iri)
        memory = ox.Store()
        memory.bulk_extend(on_disk.quads_for_pattern(None, None, None, None))
        del on_disk
        return cls(memory, "embedded Oxigraph store (loaded into memory)", base_iri)

    def evaluate(
        self, query: str, graphs: GraphSelection, prefixes: Mapping[str, str]
    ) -> Evaluation:
        try:
            result: Evaluation = self._store.query(
                query,
                base_iri=self._base_iri,
                prefixes=dict(prefixes),
                **dataset_arguments(graphs),
            )
        except SyntaxError as exc:
            raise syntax_error(str(exc), query) from exc
        except OSError as exc:
            raise QueryFailed("The store could not be read while evaluating the query.") from exc
        return result
