"""The text index search reads instead of scanning the graph: built with the store, in SQLite.

``ikkan build`` writes ``search.sqlite`` beside the store (:func:`write_index`): one entry per
name, reading and code of every entity — its labels (``rdfs:label``, ``skos:prefLabel`` and
``altLabel``, ``schema:name``…), the kana reading of a municipality, the 学校コード and 団体コード,
and a school's postal code and name as the official list writes them (read from its registry
record) — each with its :func:`~ikkan.site.search_text.search_key`. The keys are indexed twice:
an FTS5 table with the trigram tokenizer answers a query of three characters or more, and a
table of every one- and two-character piece of every key answers the shorter ones (``絹``,
``乙女``), which a trigram index cannot. Either way the answer is exactly the entries whose key
contains the query's key, found without reading the others. :func:`candidates` is the lookup;
it opens the file read-only, so every query process can read it at once.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from ..namespaces import DCTERMS, FOAF, IKKAN, RDFS, SCHEMA, SKOS
from .search_text import search_key

INDEX_FILE = "search.sqlite"

# Properties whose values name their subject.
NAME_PROPERTIES = (
    RDFS.label,
    SKOS.prefLabel,
    SKOS.altLabel,
    SCHEMA.name,
    FOAF.name,
    DCTERMS.title,
    IKKAN.kanaReading,
    IKKAN.schoolCode,
    IKKAN.localGovernmentCode,
)
# Values of a registry record (the official list's row) that name the school it records.
RECORD_PROPERTIES = (IKKAN.nameInRecord, IKKAN.postalCodeInRecord)
# How many entries one query may return before ranking (the page shows 50 at a time).
MAX_CANDIDATES = 5000


@dataclass(frozen=True)
class Entry:
    """A name (or reading, or code) of an entity, as indexed."""

    iri: str
    text: str
    lang: str
    key: str


def _values(properties: tuple[str, ...]) -> str:
    return " ".join(f"<{p}>" for p in properties)


def entries(store: ox.Store) -> Iterator[Entry]:
    """Every name, reading and code of the store's entities (the union of its graphs)."""
    named = store.query(
        f"SELECT ?s ?o WHERE {{ VALUES ?p {{ {_values(NAME_PROPERTIES)} }} ?s ?p ?o . "
        "FILTER(isIRI(?s) && isLiteral(?o)) }",
        use_default_graph_as_union=True,
    )
    recorded = store.query(
        f"SELECT ?s ?o WHERE {{ VALUES ?p {{ {_values(RECORD_PROPERTIES)} }} "
        f"?record ?p ?o ; <{IKKAN.recordOf}> ?s . FILTER(isIRI(?s) && isLiteral(?o)) }}",
        use_default_graph_as_union=True,
    )
    for solutions in (named, recorded):
        assert isinstance(solutions, ox.QuerySolutions)
        for row in solutions:
            subject, value = row["s"], row["o"]
            if not isinstance(subject, ox.NamedNode) or not isinstance(value, ox.Literal):
                continue
            key = search_key(value.value)
            if key:
                yield Entry(subject.value, value.value, value.language or "", key)


_SCHEMA = """
CREATE TABLE entries (id INTEGER PRIMARY KEY, iri TEXT NOT NULL, text TEXT NOT NULL,
                      lang TEXT NOT NULL, key TEXT NOT NULL);
CREATE VIRTUAL TABLE keys USING fts5(key, content='entries', content_rowid='id',
                                     tokenize='trigram');
CREATE TABLE pieces (piece TEXT NOT NULL, id INTEGER NOT NULL, PRIMARY KEY (piece, id))
    WITHOUT ROWID;
"""


def _pieces(key: str) -> set[str]:
    """Every one- and two-character piece of ``key``."""
    return set(key) | {key[i : i + 2] for i in range(len(key) - 1)}


def write_index(store: ox.Store, path: Path) -> int:
    """Write the index of ``store`` to ``path`` whole (a reader never sees half of one);
    the number of entries."""
    staged = path.with_name(path.name + ".new")
    staged.unlink(missing_ok=True)
    connection = sqlite3.connect(staged)
    try:
        connection.executescript(_SCHEMA)
        unique = sorted({(e.iri, e.text, e.lang, e.key) for e in entries(store)})
        connection.executemany(
            "INSERT INTO entries (id, iri, text, lang, key) VALUES (?, ?, ?, ?, ?)",
            ((i, *entry) for i, entry in enumerate(unique, start=1)),
        )
        connection.execute("INSERT INTO keys (keys) VALUES ('rebuild')")
        connection.executemany(
            "INSERT INTO pieces (piece, id) VALUES (?, ?)",
            ((piece, i) for i, (*_, key) in enumerate(unique, start=1) for piece in _pieces(key)),
        )
        connection.commit()
    finally:
        connection.close()
    staged.replace(path)
    return len(unique)


def candidates(path: Path, key: str, limit: int = MAX_CANDIDATES) -> list[Entry]:
    """The entries whose key contains ``key`` (itself a :func:`search_key`), at most ``limit``."""
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        if len(key) >= 3:
            # A trigram phrase matches exactly the keys that contain it.
            phrase = '"' + key.replace('"', '""') + '"'
            rows = connection.execute(
                "SELECT e.iri, e.text, e.lang, e.key FROM keys JOIN entries e "
                "ON e.id = keys.rowid WHERE keys MATCH ? LIMIT ?",
                (phrase, limit),
            ).fetchall()
        else:
            rows = connection.execute(
                "SELECT e.iri, e.text, e.lang, e.key FROM pieces p JOIN entries e "
                "ON e.id = p.id WHERE p.piece = ? LIMIT ?",
                (key, limit),
            ).fetchall()
    finally:
        connection.close()
    return [Entry(*row) for row in rows if key in row[3]]
