"""Read a query before it runs: its form, its dataset, updates, and every SERVICE it calls.

Two checks, on two paths:

* :func:`precheck` is cheap and runs in the web thread: a tokenizer reads the prologue and the
  query head to learn the query form (so the format is negotiated, and a 406 given, before
  anything is evaluated), to recognise SPARQL Update (refused with a clear message) and to read
  FROM / FROM NAMED. The engine stays the judge of syntax: it reports errors with line and
  column.
* :func:`check_services` guards against server-side request forgery: pyoxigraph and remote
  engines call a ``SERVICE`` endpoint themselves, so a query may only name endpoints on the
  allow-list. A tokenizer is easy to fool here, so any query whose text mentions "service" at
  all (after SPARQL's ``\\u`` escapes and Unicode case folding) is parsed completely by rdflib,
  and every SERVICE in its algebra is checked. That parse is slow, so it runs in the killable
  query process, under the query's time limit.
"""

from __future__ import annotations

import re
import unicodedata
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass

from ..store.base import QueryRefused, QuerySyntaxError

QUERY_FORMS = frozenset({"SELECT", "ASK", "CONSTRUCT", "DESCRIBE"})
UPDATE_KEYWORDS = frozenset(
    {"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"}
)

_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_NAME_CHARS = r"\w\-.\u00B7\u00C0-\uFFFF"
_TOKEN = re.compile(
    r"""
    (?P<ws>\s+)
  | (?P<comment>\#[^\n\r]*)
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
              |'(?:[^'\\\n\r]|\\.)*'|"(?:[^"\\\n\r]|\\.)*")
  | (?P<var>[?$][\w\u00B7\u00C0-\uFFFF]+)
  | (?P<pname>(?:[A-Za-z\u00C0-\uFFFF][NAME]*)?:(?:[NAME:%]|\\.)*)
  | (?P<word>[A-Za-z_][\w]*)
  | (?P<other>.)
    """.replace("NAME", _NAME_CHARS),
    re.VERBOSE | re.DOTALL,
)


def unescape_codepoints(text: str) -> str:
    """Apply SPARQL's ``\\uXXXX`` / ``\\UXXXXXXXX`` escapes, which hold anywhere in a query."""

    def replace(match: re.Match[str]) -> str:
        code = int(match[1] or match[2], 16)
        return chr(code) if code < 0x110000 and not 0xD800 <= code < 0xE000 else match[0]

    return _ESCAPE.sub(replace, text)


def _tokens(text: str) -> Iterator[tuple[str, str]]:
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup or "other"
        if kind not in ("ws", "comment"):
            value = match[0]
            if kind == "pname":
                value = value.rstrip(".")  # a local name cannot end with '.': that ends a triple
            yield kind, value


@dataclass(frozen=True)
class Precheck:
    """What the head of a query says about it.

    ``form`` is SELECT, ASK, CONSTRUCT or DESCRIBE (None when unreadable: the engine will say
    why); ``update`` the update keyword when the text is an update; ``has_dataset`` whether it
    has FROM / FROM NAMED, whose IRIs are in ``from_graphs`` / ``from_named`` when readable.
    """

    form: str | None = None
    update: str | None = None
    has_dataset: bool = False
    from_graphs: tuple[str, ...] = ()
    from_named: tuple[str, ...] = ()
    dataset_readable: bool = True


def precheck(text: str) -> Precheck:
    tokens = _tokens(unescape_codepoints(text))
    base: str | None = None
    prefixes: dict[str, str] = {}
    form: str | None = None
    for kind, value in tokens:
        word = value.upper()
        if kind == "word" and word == "BASE":
            kind2, iri = next(tokens, ("", ""))
            if kind2 == "iri":
                base = _resolve(iri[1:-1], base)
            continue
        if kind == "word" and word == "PREFIX":
            kind2, name = next(tokens, ("", ""))
            kind3, iri = next(tokens, ("", ""))
            if kind2 == "pname" and kind3 == "iri":
                prefixes[name[:-1] if name.endswith(":") else name] = _resolve(iri[1:-1], base)
            continue
        if kind == "word" and word in UPDATE_KEYWORDS:
            return Precheck(update=word)
        if kind == "word" and word in QUERY_FORMS:
            form = word
        break
    if form is None:
        return Precheck()
    return _read_dataset(form, tokens, base, prefixes)


def _read_dataset(
    form: str, tokens: Iterator[tuple[str, str]], base: str | None, prefixes: dict[str, str]
) -> Precheck:
    """Read FROM / FROM NAMED in the query head, which ends where its WHERE clause begins."""
    from_graphs: list[str] = []
    from_named: list[str] = []
    readable = True
    depth = 0
    skip_template = form == "CONSTRUCT"
    for kind, value in tokens:
        if value in ("(", "{"):
            if value == "{" and depth == 0 and not skip_template:
                break
            depth += 1
            continue
        if value in (")", "}"):
            depth -= 1
            if depth == 0 and value == "}" and skip_template:
                skip_template = False
            continue
        if depth:
            continue
        skip_template = False
        word = value.upper() if kind == "word" else ""
        if word == "WHERE":
            break
        if word == "FROM":
            kind2, target = next(tokens, ("", ""))
            named = kind2 == "word" and target.upper() == "NAMED"
            if named:
                kind2, target = next(tokens, ("", ""))
            iri = _term_iri(kind2, target, base, prefixes)
            if iri is None:
                readable = False
            else:
                (from_named if named else from_graphs).append(iri)
    has_dataset = bool(from_graphs or from_named) or not readable
    return Precheck(
        form=form,
        has_dataset=has_dataset,
        from_graphs=tuple(from_graphs),
        from_named=tuple(from_named),
        dataset_readable=readable,
    )


def _resolve(iri: str, base: str | None) -> str:
    return urllib.parse.urljoin(base, iri) if base else iri


def _term_iri(kind: str, value: str, base: str | None, prefixes: dict[str, str]) -> str | None:
    if kind == "iri":
        iri = _resolve(value[1:-1], base)
        return iri if urllib.parse.urlsplit(iri).scheme else None
    if kind == "pname":
        prefix, _, local = value.partition(":")
        if prefix in prefixes:
            return prefixes[prefix] + re.sub(r"\\(.)", r"\1", local)
    return None


# Oxigraph's parser recurses once per bracket; far past any real query it overflows its stack.
MAX_NESTING = 256


def check_nesting(text: str) -> None:
    """Refuse queries nested deeper than :data:`MAX_NESTING` brackets (a crash, not an answer)."""
    depth = deepest = 0
    for _kind, value in _tokens(unescape_codepoints(text)):
        if value in ("(", "{", "["):
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest > MAX_NESTING:
                    raise QuerySyntaxError(
                        f"The query nests brackets more than {MAX_NESTING} levels deep; "
                        "this endpoint does not evaluate such queries."
                    )
        elif value in (")", "}", "]"):
            depth -= 1


# --- SERVICE ---------------------------------------------------------------------------------


def mentions_service(text: str) -> bool:
    """Whether the text could contain a SERVICE clause: errs on the side of yes."""
    for candidate in (text, unescape_codepoints(text)):
        if "service" in unicodedata.normalize("NFKC", candidate).casefold():
            return True
    return False


def load_parser() -> None:
    """Build rdflib's SPARQL grammar now (a few hundred milliseconds) rather than on the first
    query that mentions SERVICE."""
    import rdflib.plugins.sparql.algebra
    import rdflib.plugins.sparql.parser  # noqa: F401


def check_services(text: str, allowed: frozenset[str]) -> None:
    """Raise unless every SERVICE endpoint of the query is an IRI on ``allowed``."""
    # rdflib is imported here, in the query process that needs it, not in every web worker.
    from pyparsing import ParseException
    from rdflib.plugins.sparql.algebra import translateQuery
    from rdflib.plugins.sparql.parser import parseQuery

    try:
        algebra = translateQuery(parseQuery(text)).algebra
    except ParseException as exc:
        raise _rdflib_syntax_error(exc, text) from None
    except Exception as exc:
        raise QuerySyntaxError(
            f"Malformed query: {exc}. (A query that uses SERVICE is read by a stricter parser "
            "before it runs.)"
        ) from None
    for term in _service_terms(algebra):
        endpoint = str(term)
        if type(term).__name__ == "Variable":
            raise QueryRefused(
                f"SERVICE ?{endpoint} is refused: the endpoint of a SERVICE clause must be a "
                "fixed IRI on this server's allow-list."
            )
        if endpoint not in allowed:
            listed = ", ".join(f"<{e}>" for e in sorted(allowed)) or "none"
            raise QueryRefused(
                f"SERVICE <{endpoint}> is refused: this endpoint calls only the SPARQL "
                f"endpoints on its allow-list ({listed})."
            )


def _service_terms(node: object) -> Iterator[object]:
    from rdflib.plugins.sparql.parserutils import CompValue

    if isinstance(node, CompValue):
        if node.name == "ServiceGraphPattern":
            yield node.get("term")
        for value in node.values():
            yield from _service_terms(value)
    elif isinstance(node, list | tuple):
        for value in node:
            yield from _service_terms(value)


def _rdflib_syntax_error(exc: object, text: str) -> QuerySyntaxError:
    line = int(getattr(exc, "lineno", 0) or 0)
    column = int(getattr(exc, "col", 0) or 0)
    lines = text.splitlines() or [""]
    source = lines[line - 1] if 0 < line <= len(lines) else ""
    caret = " " * max(min(column, len(source) + 1) - 1, 0) + "^"
    detail = str(getattr(exc, "msg", "") or exc)[:300]
    return QuerySyntaxError(
        f"Malformed query at line {line}, column {column}: {detail}\n\n  {source}\n  {caret}\n",
        line,
        column,
    )
