"""Read a query's text before it runs, in time linear in its length, trusting no parser.

Three checks, each written so that it cannot be fooled by a parser that reads the text
differently from ours (the engine's, or a remote engine's):

* :func:`check_services` guards against server-side request forgery. pyoxigraph and remote
  engines call a ``SERVICE`` endpoint themselves, so the text the engine runs may name only the
  endpoints on the allow-list. The check does not parse the query: it looks at the text in two
  views (as written, and with SPARQL's ``\\u`` escapes applied, which some engines do before
  parsing), lexes away only what can never hold a keyword whichever way an engine reads it
  (strings, comments, IRIs, variable names, the local part of prefixed names), and then refuses
  every remaining spelling of ``service`` (after Unicode compatibility folding) that is not
  exactly ``SERVICE [SILENT] <an allowed IRI>``. Where our lexing and an engine's could differ,
  our strings and comments end *earlier* (at any line terminator), so the doubt falls on the
  side of refusing.
* :func:`precheck` reads the prologue and the query head (a bounded number of tokens) to learn the
  query form (so the format is negotiated, and a 406 given, before anything is evaluated), to
  recognise SPARQL Update (refused with a clear message) and to read FROM / FROM NAMED. The
  engine stays the judge of syntax: it reports errors with line and column.
* :func:`check_nesting` refuses bracket nesting deep enough to overflow the engine's recursive
  parser; it over-counts where the lexing is ambiguous, never under-counts.

All three use C-speed regular expressions over the whole text and Python work bounded by the
number of tokens they look at, so a hostile megabyte of query costs milliseconds.
"""

from __future__ import annotations

import bisect
import itertools
import re
import unicodedata
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass

from .errors import QueryRefused, QuerySyntaxError

QUERY_FORMS = frozenset({"SELECT", "ASK", "CONSTRUCT", "DESCRIBE"})
UPDATE_KEYWORDS = frozenset(
    {"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"}
)
# Virtuoso's pragmas (``DEFINE get:soft …``) make that engine fetch documents from the web.
ENGINE_PRAGMAS = frozenset({"DEFINE"})

# The prologue and head of any real query fit in far fewer tokens and characters; past these,
# the head is left to the engine (its FROM clauses are then applied by the engine alone).
HEAD_TOKENS = 5000
HEAD_CHARS = 64 * 1024

_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
# Every line terminator Unicode knows: a comment or an unterminated string ends at the first.
_EOL = "\n\r\x0b\x0c\x85\u2028\u2029"
# Characters of SPARQL's VARNAME as Oxigraph reads them, less the zero-width joiners (a lexer
# that took them for spaces would end a name earlier than we do).
_VAR_CHARS = (
    "0-9_A-Za-z\u00b7\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u037d\u037f-\u1fff"
    "\u203f-\u2040\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd"
)
_LOCAL_CHARS = _VAR_CHARS + r"\-:"
_LOCAL_ITEM = rf"(?:[{_LOCAL_CHARS}]|%[0-9A-Fa-f]{{2}}|\\[_~.\-!$&'()*+,;=/?#@%])"
_IRI_SPAN = r"<(?:[^<>\"{}|^`\\\x00-\x20]|\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8})*>"
_STRINGS = (
    r"'''(?:[^'\\]|\\.|'(?!''))*(?:'''|\Z)"
    r'|"""(?:[^"\\]|\\.|"(?!""))*(?:"""|\Z)'
    rf"|'(?:[^'\\{_EOL}]|\\[^{_EOL}])*(?:'|(?=[{_EOL}])|\Z)"
    rf'|"(?:[^"\\{_EOL}]|\\[^{_EOL}])*(?:"|(?=[{_EOL}])|\Z)'
)
# What can never hold a keyword, whichever way an engine reads it. One group: split() then
# gives code and these spans alternately.
_NOT_CODE = re.compile(
    "("
    + "|".join(
        [
            _IRI_SPAN,
            _STRINGS,
            rf"\#[^{_EOL}]*",
            rf"[?$][{_VAR_CHARS}]+",
            # the local part of a prefixed name (its prefix stays code: "SERVICEex:a" is
            # read as SERVICE ex:a by a backtracking parser)
            rf":(?:{_LOCAL_ITEM}|\.+(?={_LOCAL_ITEM}))*",
            # an escaped quote outside a string belongs to a local name, not to a string
            r"\\[^A-Za-z0-9_\s]",
        ]
    )
    + ")",
    re.DOTALL,
)
_SERVICE = "service"
# Searched in the ASCII-lowered bytes of the code (one byte per character, so indices hold).
_ALLOWED_CALL = re.compile(rb"service[ \t\r\n]*(?:silent[ \t\r\n]*)?\x01")
_SEPARATOR = "\x01"


def unescape_codepoints(text: str) -> str:
    """Apply SPARQL's ``\\uXXXX`` / ``\\UXXXXXXXX`` escapes, which hold anywhere in a query."""

    def replace(match: re.Match[str]) -> str:
        code = int(match[1] or match[2], 16)
        return chr(code) if code < 0x110000 and not 0xD800 <= code < 0xE000 else match[0]

    return _ESCAPE.sub(replace, text)


def _views(text: str) -> tuple[str, ...]:
    """The text as engines may read it: as written, and with ``\\u`` escapes applied first."""
    expanded = unescape_codepoints(text)
    return (text,) if expanded == text else (text, expanded)


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold()


def mentions_service(text: str) -> bool:
    """Whether the word appears anywhere, in any view and any compatible spelling."""
    return any(_SERVICE in _fold(view) for view in _views(text))


# --- SERVICE -----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Lexed:
    """A view split into code and the spans that are not code, alternately."""

    text: str
    parts: list[str]

    @property
    def code(self) -> str:
        """The code segments, each span replaced by one separator character."""
        return _SEPARATOR.join(self.parts[0::2])

    def position(self, code_index: int) -> tuple[int, int]:
        """Line and column in the view of an index into :attr:`code`."""
        segments = self.parts[0::2]
        # where each code segment starts, in the code and in the view
        code_starts = list(itertools.accumulate((len(s) + 1 for s in segments), initial=0))
        view_starts = list(itertools.accumulate(map(len, self.parts), initial=0))[0::2]
        segment = max(bisect.bisect_right(code_starts, code_index) - 1, 0)
        offset = view_starts[segment] + (code_index - code_starts[segment])
        line = self.text.count("\n", 0, offset) + 1
        column = offset - (self.text.rfind("\n", 0, offset) + 1) + 1
        return line, column


def check_services(text: str, allowed: frozenset[str]) -> None:
    """Raise :class:`QueryRefused` unless every SERVICE the text could call is on ``allowed``."""
    for view in _views(text):
        if _SERVICE not in _fold(view):
            continue
        lexed = _Lexed(view, _NOT_CODE.split(view))
        code = lexed.code
        lowered = code.encode("ascii", "replace").lower()
        spans = lexed.parts[1::2]
        calls: list[tuple[int, int]] = []
        previous = separators = 0
        for match in _ALLOWED_CALL.finditer(lowered):
            separators += lowered.count(b"\x01", previous, match.end())
            previous = match.end()
            span = spans[separators - 1]
            if not span.startswith("<") or span[1:-1] not in allowed:
                raise _refused_endpoint(span, allowed, lexed.position(match.start()))
            calls.append(match.span())
        # With every allowed call cut out, no spelling of the word may remain.
        ends = [0, *(end for _, end in calls)]
        starts = [*(start for start, _ in calls), len(code)]
        rest = " ".join(code[end:start] for end, start in zip(ends, starts, strict=True))
        if _SERVICE in _fold(rest):
            found = next((i for i in _ascii_occurrences(lowered) if not _inside(i, calls)), -1)
            position = lexed.position(found) if found >= 0 else (0, 0)
            raise _refused_mention(allowed, position)


def _ascii_occurrences(lowered: bytes) -> Iterator[int]:
    index = lowered.find(b"service")
    while index >= 0:
        yield index
        index = lowered.find(b"service", index + 1)


def _inside(index: int, calls: list[tuple[int, int]]) -> bool:
    return any(start <= index < end for start, end in calls)


def _listed(allowed: frozenset[str]) -> str:
    return ", ".join(f"<{e}>" for e in sorted(allowed)) or "none"


def _where(position: tuple[int, int]) -> str:
    line, column = position
    return f" (line {line}, column {column})" if line else ""


def _refused_endpoint(
    span: str, allowed: frozenset[str], position: tuple[int, int]
) -> QueryRefused:
    where = _where(position)
    if not span.startswith("<"):
        return QueryRefused(
            f"SERVICE {span[:100]} is refused{where}: the endpoint of a SERVICE clause must be "
            f"written as a full IRI on this server's allow-list ({_listed(allowed)})."
        )
    if not allowed:
        return QueryRefused(
            f"SERVICE {span[:200]} is refused{where}: this endpoint makes no SERVICE calls "
            "(its allow-list is empty)."
        )
    return QueryRefused(
        f"SERVICE {span[:200]} is refused{where}: this endpoint calls only the SPARQL "
        f"endpoints on its allow-list ({_listed(allowed)})."
    )


def _refused_mention(allowed: frozenset[str], position: tuple[int, int]) -> QueryRefused:
    where = _where(position)
    if not allowed:
        return QueryRefused(
            f"The query contains the word SERVICE{where}, and this endpoint makes no SERVICE "
            "calls (its allow-list is empty), so it refuses every query that spells the "
            "keyword outside a string, comment or IRI. If the word is part of a name, "
            "write it inside an IRI (<…>) or a string."
        )
    return QueryRefused(
        f"The query uses SERVICE{where} in a form this endpoint does not accept: write "
        "SERVICE [SILENT] <endpoint> with the full IRI of an endpoint on the allow-list "
        f"({_listed(allowed)}), with nothing but spaces between."
    )


# --- nesting -----------------------------------------------------------------------------

# Oxigraph's parser recurses once per bracket; far past any real query it overflows its stack.
MAX_NESTING = 256
_OPENERS = "([{"
_BRACKETS_ONLY = re.compile(r"[^()\[\]{}]+")
_DEPTH = {"(": 1, "[": 1, "{": 1, ")": -1, "]": -1, "}": -1}


def check_nesting(text: str) -> None:
    """Refuse queries nested deeper than :data:`MAX_NESTING` brackets (a crash, not an answer).

    Brackets in strings, comments and escapes do not count. An IRI-shaped span (``<…>``) may be
    read by the engine as ``<`` between two expressions, so it counts as its deepest opening
    and what it leaves open, never as closing anything: the depth found is never less than the
    engine's, and an IRI such as ``<…/Foo_(bar)>`` costs nothing.
    """
    if sum(text.count(c) for c in _OPENERS) <= MAX_NESTING:
        return
    parts = _NOT_CODE.split(text)
    parts[1::2] = map(_span_brackets, parts[1::2])
    brackets = _BRACKETS_ONLY.sub("", "".join(parts))
    deepest = max(itertools.accumulate(map(_DEPTH.__getitem__, brackets)), default=0)
    if deepest > MAX_NESTING:
        raise QuerySyntaxError(
            f"The query nests brackets more than {MAX_NESTING} levels deep; "
            "this endpoint does not evaluate such queries."
        )


def _span_brackets(span: str) -> str:
    """What a span not read as code adds to the depth: nothing, but for an IRI-shaped span at
    most all its openers at once, and what it leaves open."""
    if span[0] != "<":
        return ""
    opened = span.count("(") + span.count("[")
    if not opened:
        return ""
    closed = span.count(")") + span.count("]")
    return "(" * opened + ")" * min(opened, closed)


# --- the head ----------------------------------------------------------------------------

_NAME_CHARS = r"\w\-.\u00B7\u00C0-\uFFFF"
_TOKEN = re.compile(
    rf"""
    (?P<ws>\s+)
  | (?P<comment>\#[^{_EOL}]*)
  | (?P<iri>{_IRI_SPAN})
  | (?P<string>{_STRINGS})
  | (?P<var>[?$][{_VAR_CHARS}]+)
  | (?P<name>[A-Za-z_\u00C0-\uFFFF][{_NAME_CHARS}]*(?::(?:[{_NAME_CHARS}:%]+|\\.)*)?
            |:(?:[{_NAME_CHARS}:%]+|\\.)*)
  | (?P<number>[0-9][0-9.eE+\-]*)
  | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)


class _Budget(Iterator[tuple[str, str]]):
    """At most ``limit`` tokens of ``tokens``; ``spent`` once a token past them, or past the
    end of a text that was cut short, was asked for."""

    def __init__(self, tokens: Iterator[tuple[str, str]], limit: int, cut: bool) -> None:
        self._tokens = tokens
        self._left = limit
        self._cut = cut  # the text was cut short before tokenising
        self.spent = False

    def __next__(self) -> tuple[str, str]:
        if self._left <= 0:
            self.spent = True
            raise StopIteration
        self._left -= 1
        try:
            return next(self._tokens)
        except StopIteration:
            self.spent = self._cut
            raise


def _tokens(text: str) -> Iterator[tuple[str, str]]:
    """Significant tokens (no spaces or comments), as they are needed."""
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup or "other"
        if kind in ("ws", "comment"):
            continue
        value = match[0]
        if kind == "name":
            # A local name cannot end with '.': that ends a triple.
            value = value.rstrip(".")
            kind = "pname" if ":" in value else "word"
        yield kind, value


@dataclass(frozen=True)
class Precheck:
    """What the head of a query says about it.

    ``form`` is SELECT, ASK, CONSTRUCT or DESCRIBE (None when unreadable: the engine will say
    why); ``update`` the update keyword when the text is an update; ``has_dataset`` whether it
    has FROM / FROM NAMED, whose IRIs are in ``from_graphs`` / ``from_named`` when readable;
    ``select_all`` whether it is ``SELECT *`` (its columns are then put in the order of the
    query text); ``prefixes`` the prefixes its prologue declares.
    """

    form: str | None = None
    update: str | None = None
    pragma: str | None = None
    has_dataset: bool = False
    from_graphs: tuple[str, ...] = ()
    from_named: tuple[str, ...] = ()
    dataset_readable: bool = True
    select_all: bool = False
    prefixes: tuple[str, ...] = ()


def precheck(text: str) -> Precheck:
    """Read the prologue and head of ``text`` (as an engine that applies escapes would)."""
    head = text[:HEAD_CHARS]
    budget = _Budget(_tokens(unescape_codepoints(head)), HEAD_TOKENS, len(text) > len(head))
    tokens: Iterator[tuple[str, str]] = budget
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
        if kind == "word" and word in ENGINE_PRAGMAS:
            return Precheck(pragma=word)
        if kind == "word" and word in QUERY_FORMS:
            form = word
        break
    if form is None:
        return Precheck(prefixes=tuple(prefixes))
    return _read_head(form, tokens, base, prefixes, budget)


def _read_head(
    form: str,
    tokens: Iterator[tuple[str, str]],
    base: str | None,
    prefixes: dict[str, str],
    budget: _Budget,
) -> Precheck:
    """Read FROM / FROM NAMED in the query head, which ends where its WHERE clause begins
    (or with the text: ``DESCRIBE <x>``)."""
    from_graphs: list[str] = []
    from_named: list[str] = []
    readable = True
    select_all = False
    depth = 0
    skip_template = form == "CONSTRUCT"
    first = True
    for kind, value in tokens:
        if form == "SELECT" and first:
            word = value.upper()
            if word in ("DISTINCT", "REDUCED"):
                continue
            first = False
            select_all = value == "*"
        if value in ("(", "{"):
            if value == "{" and depth == 0 and not skip_template:
                readable = True
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
            readable = True
            break
        if word == "FROM":
            kind2, target = next(tokens, ("", ""))
            named = kind2 == "word" and target.upper() == "NAMED"
            if named:
                kind2, target = next(tokens, ("", ""))
            iri = _term_iri(kind2, target, base, prefixes)
            if iri is None:
                readable = False
                break
            (from_named if named else from_graphs).append(iri)
    # Unreadable too when the token budget ran out before the head ended.
    readable = readable and not budget.spent
    has_dataset = bool(from_graphs or from_named) or not readable
    return Precheck(
        form=form,
        has_dataset=has_dataset,
        from_graphs=tuple(from_graphs) if readable else (),
        from_named=tuple(from_named) if readable else (),
        dataset_readable=readable,
        select_all=select_all,
        prefixes=tuple(prefixes),
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


# --- SELECT * ----------------------------------------------------------------------------


def variable_order(text: str, limit: int = 200_000) -> list[str]:
    """The variables of ``text`` in the order they first appear (the columns of SELECT *).

    Looks at no more than ``limit`` variable occurrences; the caller puts any variable not
    found here after the others.
    """
    seen: dict[str, None] = {}
    parts = _NOT_CODE.split(text)
    for span in itertools.islice((s for s in parts[1::2] if s[:1] in "?$"), limit):
        seen.setdefault(span[1:], None)
    return list(seen)
