"""Search at national scale: the build's SQLite index, Tantivy, and a scan, side by side.

Generates the names a national graph holds — about 30,000 schools (Japanese names, romanised
names, 学校コード, postal codes and listed names), 1,900 municipalities (names, kana readings,
団体コード) — as search keys, indexes them three ways, and times queries of one, two and three
or more characters, Japanese and romanised, and codes:

* ``sqlite``: what ``ikkan build`` writes (:mod:`ikkan.site.search_index`): FTS5 with the trigram
  tokenizer for three characters and more, a table of one- and two-character pieces for fewer;
* ``tantivy`` (PyPI ``tantivy``, when installed): one field of bigrams, queried as a phrase of the
  query's bigrams, and one of single characters for one-character queries;
* ``scan``: every key read in Python (what a store scan costs at best).

Each way gives the same entries (checked). Prints build time, size and p50/p90 per query kind.
``ikkan bench search_index [--repeat N] [--schools N]``.
"""

from __future__ import annotations

import os
import random
import shutil
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from ikkan.settings import Settings
from ikkan.site.search_index import _SCHEMA, _pieces
from ikkan.site.search_text import search_key

_PLACES = (
    "青森岩手宮城秋田山形福島茨城栃木群馬埼玉千葉東京神奈川新潟富"
    "山石川福井山梨長野岐阜静岡愛知三重滋賀京都大阪兵庫奈良和歌山"
    "鳥取島根岡山広島山口徳島香川愛媛高知福岡佐賀長崎熊本大分宮崎"
    "鹿児島沖縄乙女絹豊田桜花川原野森林谷沢"
)
_KANA = "あいうえおかきくけこさしすせそたちつてとなにぬねのはひふへほまみむめもやゆよらりるれろわ"
_ROMAN = ["ka", "ki", "ku", "sa", "shi", "ta", "to", "na", "no", "mo", "ri", "yama", "kawa"]
_KINDS = [("小学校", "Shōgakkō"), ("中学校", "Chūgakkō"), ("義務教育学校", "Gimu Kyōiku Gakkō")]


def names(schools: int, seed: int = 2026) -> list[str]:
    rng = random.Random(seed)
    out: list[str] = []
    for m in range(1900):
        name = "".join(rng.choice(_PLACES) for _ in range(rng.randint(2, 3)))
        out += [
            name + rng.choice("市町村"),
            "".join(rng.choice(_KANA) for _ in range(5)),
            f"{rng.randint(1, 47):02d}{m:03d}{rng.randint(0, 9)}",
        ]
    for s in range(schools):
        base = "".join(rng.choice(_PLACES) for _ in range(rng.randint(1, 3)))
        kind, roman = rng.choice(_KINDS)
        out += [
            base + kind,
            f"{''.join(rng.choice(_ROMAN) for _ in range(2)).title()} {roman}",
            f"B1{rng.randint(1, 47):02d}2{s:08d}",
            f"{rng.randint(100, 999)}-{rng.randint(0, 9999):04d}",
            rng.choice(_PLACES) * 2 + "立" + base + kind,
        ]
    return [k for k in (search_key(n) for n in out) if k]


QUERIES = {
    "1 character": ["絹", "森", "市", "a"],
    "2 characters": ["乙女", "山形", "ka", "12"],
    "3+ characters": ["小学校", "義務教育", "yamakawa", "shogakko"],
    "codes": ["b1092", "092088", "323-08"],
}


def _sqlite(keys: list[str], folder: Path) -> Callable[[str], set[int]]:
    path = folder / "search.sqlite"
    connection = sqlite3.connect(path)
    connection.executescript(_SCHEMA)
    connection.executemany(
        "INSERT INTO entries (id, iri, text, lang, key) VALUES (?, '', '', '', ?)",
        enumerate(keys, start=1),
    )
    connection.execute("INSERT INTO keys (keys) VALUES ('rebuild')")
    connection.executemany(
        "INSERT INTO pieces (piece, id) VALUES (?, ?)",
        ((p, i) for i, key in enumerate(keys, start=1) for p in _pieces(key)),
    )
    connection.commit()
    connection.close()
    reader = sqlite3.connect(f"file:{path}?mode=ro", uri=True)

    def find(key: str) -> set[int]:
        if len(key) >= 3:
            rows = reader.execute(
                "SELECT rowid FROM keys WHERE keys MATCH ?", ('"' + key + '"',)
            ).fetchall()
        else:
            rows = reader.execute("SELECT id FROM pieces WHERE piece = ?", (key,)).fetchall()
        return {r[0] for r in rows}

    return find


def _tantivy(keys: list[str], folder: Path) -> Callable[[str], set[int]] | None:
    try:
        import tantivy  # type: ignore[import-not-found,import-untyped,unused-ignore]
    except ImportError:
        return None
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("grams", stored=False, tokenizer_name="raw")
    builder.add_text_field("chars", stored=False, tokenizer_name="raw")
    builder.add_integer_field("id", stored=True, indexed=True)
    schema = builder.build()
    index = tantivy.Index(schema, path=str(folder))
    writer = index.writer()
    for i, key in enumerate(keys, start=1):
        grams = [key[j : j + 2] for j in range(len(key) - 1)] or [key]
        writer.add_document(tantivy.Document(id=i, grams=grams, chars=list(key)))
    writer.commit()
    index.reload()
    searcher = index.searcher()

    def find(key: str) -> set[int]:
        if len(key) == 1:
            query = tantivy.Query.term_query(schema, "chars", key)
        else:
            grams = [key[j : j + 2] for j in range(len(key) - 1)]
            query = tantivy.Query.boolean_query(
                [(tantivy.Occur.Must, tantivy.Query.term_query(schema, "grams", g)) for g in grams]
            )
        hits = searcher.search(query, limit=100_000).hits
        found = {searcher.doc(address)["id"][0] for _, address in hits}
        return {i for i in found if key in keys[i - 1]}  # bigrams in any order: check the key

    return find


def run(settings: Settings, repeat: int) -> int:
    schools = int(os.environ.get("IKKAN_BENCH_SCHOOLS", "30000"))
    keys = names(schools)
    print(f"{len(keys):,} names (schools: {schools:,}), {repeat} runs per query")
    folder = Path(tempfile.mkdtemp(prefix="ikkan-search-"))
    try:
        ways: dict[str, Callable[[str], set[int]]] = {}
        for name, make in (("sqlite", _sqlite), ("tantivy", _tantivy)):
            sub = folder / name
            sub.mkdir()
            started = time.perf_counter()
            made = make(keys, sub)
            if made is None:
                print(f"{name}: not installed (pip install tantivy)")
                continue
            size = sum(p.stat().st_size for p in sub.rglob("*") if p.is_file())
            print(f"{name}: built in {time.perf_counter() - started:.1f} s, {size / 2**20:.1f} MiB")
            ways[name] = made

        def scan(key: str) -> set[int]:
            return {i for i, k in enumerate(keys, start=1) if key in k}

        ways["scan"] = scan
        print(f"{'query kind':<16}" + "".join(f"{w + ' p50':>14}{w + ' p90':>14}" for w in ways))
        for kind, queries in QUERIES.items():
            times: dict[str, list[float]] = {w: [] for w in ways}
            for query in queries:
                key = search_key(query)
                expected = scan(key)
                for way, find in ways.items():
                    assert find(key) == expected, (way, query)
                    for _ in range(repeat):
                        started = time.perf_counter()
                        find(key)
                        times[way].append((time.perf_counter() - started) * 1000)
            row = "".join(
                f"{statistics.median(t):>11.2f} ms{statistics.quantiles(t, n=10)[-1]:>11.2f} ms"
                for t in times.values()
            )
            print(f"{kind:<16}{row}")
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return 0
