"""Search over labels: one rule for when a query and a label are the same to search.

A query and each label are compared by their :func:`~ikkan.site.search_text.search_key` (NFKC,
case-folded, Latin marks and separators dropped), so ``yuki tsumugi``, ``yuki-tsumugi``,
``Yūki-tsumugi`` and ``ＹＵＫＩ　ＴＳＵＭＵＧＩ`` find the same things, as do ``結城 紬`` and
``結城紬``. Labels are ``rdfs:label``, ``skos:prefLabel``, ``skos:altLabel``, ``schema:name``,
``foaf:name`` and ``dcterms:title`` in any language, with kana readings, codes and the official
list's names and postal codes: read from the text index the build writes
(:mod:`~ikkan.site.search_index`), or, where there is none, asked of the store with a regular
expression that matches every label whose key contains the query's
(:func:`~ikkan.site.search_text.label_pattern`); the keys are compared here. Candidates are
ranked: an exact match before a prefix before a substring, then organisations and places before
documents and statistics, then shorter labels. Entities whose parent organisation matches (the
working groups of 乙女中学校区) follow as ``part-of`` matches. The text is bound as an escaped
literal.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from ..namespaces import DCTERMS, FOAF, QB, RDFS, SCHEMA
from ..store.base import Store
from ..store.tasks import task
from .disambiguation import qualify
from .entity import Value, language_tag
from .labels import fetch_labels
from .links import page_href
from .page_context import PageContext
from .search_index import candidates
from .search_text import label_pattern, search_key
from .sparql_terms import IKKAN, RDF_TYPE, SKOS, literal, values

MAX_QUERY_CHARS = 200
MAX_CANDIDATES = 2000
PAGE_SIZE = 50
SEARCH_PROPERTIES = (
    RDFS.label,
    SKOS + "prefLabel",
    SKOS + "altLabel",
    SCHEMA.name,
    FOAF.name,
    DCTERMS.title,
)
MATCHES = ("exact", "prefix", "contains", "part-of")
# Kinds a reader most likely looks for first; everything else after, statistics last.
_CLASS_RANK = {
    IKKAN + name: i
    for i, name in enumerate(
        (
            "Municipality",
            "SchoolDistrict",
            "School",
            "WorkingGroup",
            "Body",
            "Organization",
            "Programme",
            "Initiative",
            "Event",
        )
    )
}
_LAST = {QB.Observation, IKKAN + "SourceSection"}


class SearchError(ValueError):
    """The query text cannot be searched (empty or too long); ``str()`` says why."""


@dataclass
class Result:
    iri: str
    label: str
    lang: str
    match: str
    href: str | None
    matched: str = ""
    matched_lang: str = ""
    qualifier: str = ""  # what tells it apart from another result of the same name
    types: list[str] = field(default_factory=list)
    type_labels: list[str] = field(default_factory=list)
    parent: str = ""
    parent_label: str = ""
    rank: tuple[int, int, int, str] = (9, 99, 9999, "")

    def as_json(self) -> dict[str, object]:
        out: dict[str, object] = {
            "iri": self.iri,
            "label": self.label,
            "lang": self.lang,
            "types": self.types,
            "match": self.match,
            "matched": self.matched,
            "href": self.href,
        }
        if self.parent:
            out["partOf"] = self.parent
        return out


@dataclass
class Results:
    query: str
    results: list[Result]
    total: int
    page: int
    pages: int


def normalise(text: str) -> str:
    """NFKC, trimmed, inner whitespace collapsed."""
    return " ".join(unicodedata.normalize("NFKC", text).split())


def _match(label: str, key: str) -> str | None:
    """How ``label`` matches a query whose key is ``key``, or None when it does not."""
    found = search_key(label)
    if found == key:
        return "exact"
    if found.startswith(key):
        return "prefix"
    return "contains" if key in found else None


@task("search_page")
def search_page(
    store: Store, *, text: str, lang: str, base: str, page: int = 1, index: str = ""
) -> Results | SearchError:
    """The search page as one task: the results, or what is wrong with the search (returned,
    not raised, so that it crosses the process boundary as it is). ``index``: the path of the
    build's text index, when there is one."""
    try:
        return search(PageContext(store, lang, base), text, page, Path(index) if index else None)
    except SearchError as exc:
        return exc


def search(ctx: PageContext, text: str, page: int = 1, index: Path | None = None) -> Results:
    """Entities whose names, readings or codes contain ``text``, best first; page ``page`` of
    them. With the build's text ``index`` (:mod:`.search_index`) the candidates are read from
    it; without (a remote store with no build beside it), the store's labels are scanned."""
    store, lang, base = ctx.store, ctx.lang, ctx.base
    query = normalise(text)
    if len(query) > MAX_QUERY_CHARS:
        raise SearchError(f"The query is longer than {MAX_QUERY_CHARS} characters.")
    key = search_key(query)
    if not key:
        raise SearchError("Empty query: type part of a name (乙女, otome, Kinu).")
    names = _indexed(index, key) if index is not None else _scanned(store, key)
    best: dict[str, tuple[int, str, str]] = {}
    for subject, label, language in names:
        match = _match(label, key)
        if match is None:  # the pattern is wider than the key (see search_text)
            continue
        rank = (MATCHES.index(match), label, language)
        if subject not in best or rank < best[subject]:
            best[subject] = rank
    found = {
        iri: Result(
            iri, label, language, MATCHES[m], page_href(iri, base), label, language_tag(language)
        )
        for iri, (m, label, language) in best.items()
    }
    _add_children(store, found, base)
    _add_types(store, found, lang)
    ordered = sorted(found.values(), key=lambda r: r.rank)
    pages = max(1, -(-len(ordered) // PAGE_SIZE))
    page = min(max(page, 1), pages)
    chosen = ordered[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
    _relabel(store, chosen, lang)
    (named,) = qualify(store, [[Value(r.label, r.lang, None, r.iri) for r in chosen]], lang)
    for result, value in zip(chosen, named, strict=True):
        result.qualifier = value.qualifier
    return Results(query, chosen, len(ordered), page, pages)


def _indexed(index: Path, key: str) -> list[tuple[str, str, str]]:
    """(subject, name, language) of every indexed name whose key contains ``key``."""
    return [(e.iri, e.text, e.lang) for e in candidates(index, key, MAX_CANDIDATES)]


def _scanned(store: Store, key: str) -> list[tuple[str, str, str]]:
    """The same, asked of the store with a pattern (a scan of every label)."""
    rows = store.select(
        f"SELECT ?s ?label WHERE {{ {values('p', SEARCH_PROPERTIES)} ?s ?p ?label . "
        f"FILTER(isIRI(?s) && isLiteral(?label) && "
        f"REGEX(STR(?label), {literal(label_pattern(key))})) }} LIMIT {MAX_CANDIDATES}"
    )
    found = []
    for row in rows:
        subject, label = row["s"], row["label"]
        if isinstance(label, ox.Literal) and subject is not None:
            found.append((subject.value, label.value, label.language or ""))
    return found


def _add_children(store: Store, found: dict[str, Result], base: str) -> None:
    """The schools and working groups of a matching district or organisation, as part-of
    matches (乙女 finds 網戸小学校, whose name lacks it)."""
    parents = [r.iri for r in found.values() if r.match != "part-of"]
    if not parents:
        return
    rows = store.select(
        f"SELECT ?child ?parent WHERE {{ {values('parent', parents[:200])} "
        f"?child <{IKKAN}parentOrganization>|<{IKKAN}district> ?parent }} LIMIT 500"
    )
    for row in rows:
        child, parent = row["child"].value, row["parent"].value
        if child not in found:
            found[child] = Result(child, "", "", "part-of", page_href(child, base), parent=parent)


def _add_types(store: Store, found: dict[str, Result], lang: str) -> None:
    if not found:
        return
    rows = store.select(
        f"SELECT ?s ?type WHERE {{ {values('s', found)} ?s <{RDF_TYPE}> ?type . "
        f"FILTER(STRSTARTS(STR(?type), {literal(IKKAN)}) || ?type IN ({_last_types()})) }}"
    )
    for row in rows:
        found[row["s"].value].types.append(row["type"].value)
    for result in found.values():
        result.types.sort()
        kind = min((_CLASS_RANK.get(t, 50) for t in result.types), default=60)
        if any(t in _LAST for t in result.types):
            kind = 90
        # A working group of a matching district counts as a substring match of its kind.
        match = min(MATCHES.index(result.match), MATCHES.index("contains"))
        result.rank = (match, kind, len(result.label), result.label)


def _last_types() -> str:
    return ", ".join(f"<{t}>" for t in sorted(_LAST))


def _relabel(store: Store, results: list[Result], lang: str) -> None:
    """Show each result under its best label in the reader's language (the label that matched
    is kept beside it), with the labels of its types."""
    iris = {r.iri for r in results} | {t for r in results for t in r.types}
    iris |= {r.parent for r in results if r.parent}
    labels = fetch_labels(store, iris, lang)
    for result in results:
        if result.iri in labels:
            result.label, result.lang = labels[result.iri]
        if not result.label:
            result.label = result.iri.rsplit("/", 1)[-1]
        result.type_labels = [labels[t][0] for t in result.types if t in labels]
        if result.parent:
            result.parent_label = labels.get(result.parent, (result.parent, ""))[0]


def is_clean(text: str) -> bool:
    """Whether ``text`` has no control characters (a search box never sends them)."""
    return not re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", text)
