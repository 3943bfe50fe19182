"""How well reconciliation links school names as people write them, and how fast.

Draws 300 rows of MEXT's list from the sources folder (``IKKAN_SOURCES_DIR``: the list as the
folder holds it — the shared extract is Tochigi's elementary and junior-high schools and every
義務教育学校, 816 schools, all of them in the index the queries are matched against) and writes
their names as people do (``_reconcile_sample.py``: without 〇〇市立, 〇〇小 and 〇〇中, half-width
digits, the municipality in brackets, some rows with a municipality column and some without),
then links them twice: through ``/reconcile`` on a real ``ikkan serve`` (batches of 100
queries, POSTed as OpenRefine does, the type 学校 and the municipality and kind columns as
properties), and through ``ikkan link`` on the same rows as a CSV. For each it prints the
precision and recall of ``match: true`` (a match is right when it is the sampled school), the
share of rows whose top candidate is the right school, with and without a municipality, the
rows by how they were written, and the time per 100 queries (median and 90th percentile over
``--repeat`` rounds, after a first request that builds the index, timed apart).

The store is the built one when it holds the national layer; until ``ikkan build`` includes
it, the benchmark builds a temporary store with it (the real build plus the national layer's
graphs from the sources folder). ``IKKAN_BENCH_ROWS`` changes the sample size (default 300),
``IKKAN_BENCH_SEED`` the draw (default 14). Targets (issue 14): precision ≥ 99 %, right school
top-ranked ≥ 95 % when the municipality is given, 100 queries ≤ 1 s.

The extract is small beside the whole country (about 29,000 elementary and junior-high
schools), so a last part times the same queries at that size (``--schools N``, default 30,000;
0 skips it): in the benchmark's own process, the service is built from the graph's entities
plus copies of every school and municipality, each copy in an invented municipality of its own
(小山市 copied is 小山市2) and named without its founder (乙女小学校), so every name the sample
asks for has dozens of namesakes. These figures are for speed, and for precision with names
that many namesakes; the share linked without a municipality falls by design (each such name
is ambiguous among the copies), so it says nothing about real tables.
"""

from __future__ import annotations

import csv
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from _reconcile_sample import STYLES, SampleRow, sample
from ikkan.builder.pipeline import run_build
from ikkan.national.layers import build_national
from ikkan.national.sources.resolve import SourceSettings, sources_dir_from
from ikkan.reconcile import Service, load_service
from ikkan.reconcile.entities import MUNICIPALITY, SCHOOL, WARD, Entity
from ikkan.reconcile.text import founder_split
from ikkan.settings import Settings
from ikkan.store import open_store
from ikkan.web.launch import RunningServer, start_server

BATCH = 100
UNLINKED_SHOWN = 12
_SCHOOL_CODE = re.compile(r"[A-H][0-9]{12}")
TARGETS = "targets: precision ≥ 99 %, top-ranked ≥ 95 % with a municipality, 100 queries ≤ 1 s"


@dataclass
class Outcome:
    """One sampled row's answer: which school matched (if any) and which came first."""

    row: SampleRow
    matched: str | None  # school code
    top: str | None


@dataclass
class Figures:
    outcomes: list[Outcome] = field(default_factory=list)

    def report(self, title: str, show_unlinked: bool = True) -> None:
        rows = self.outcomes
        matched = [o for o in rows if o.matched]
        right = [o for o in matched if o.matched == o.row.code]
        given = [o for o in rows if o.row.municipality or o.row.style == "paren"]
        not_given = [o for o in rows if o not in given]

        def top(group: list[Outcome]) -> str:
            hits = sum(o.top == o.row.code for o in group)
            return f"{hits}/{len(group)} = {hits / len(group):.1%}" if group else "—"

        precision = len(right) / len(matched) if matched else 0.0
        print(f"\n{title}")
        print(f"  match: true         {len(matched)} of {len(rows)} rows")
        print(f"  precision           {len(right)}/{len(matched)} = {precision:.1%}")
        print(f"  recall              {len(right)}/{len(rows)} = {len(right) / len(rows):.1%}")
        print(f"  top-ranked right    with a municipality {top(given)}")
        print(f"                      without             {top(not_given)}")
        print(f"                      all                 {top(rows)}")
        print("  by style (rows, match: true right / wrong, top-ranked right):")
        for style in STYLES:
            group = [o for o in rows if o.row.style == style]
            if not group:
                continue
            good = sum(o.matched == o.row.code for o in group)
            bad = sum(bool(o.matched) and o.matched != o.row.code for o in group)
            tops = sum(o.top == o.row.code for o in group)
            print(f"    {style:<11} {len(group):>4}  {good:>4} / {bad:<3} {tops:>4}")
        unlinked = [o for o in rows if not o.matched] if show_unlinked else []
        for o in unlinked[:UNLINKED_SHOWN]:
            first = "right" if o.top == o.row.code else (o.top or "none")
            print(f"  not linked: {o.row.name!r} ({o.row.municipality!r}), "
                  f"is {o.row.code} {o.row.source_name}; top candidate {first}")  # fmt: skip
        if len(unlinked) > UNLINKED_SHOWN:
            print(f"  … and {len(unlinked) - UNLINKED_SHOWN} more not linked")
        for o in rows:
            if o.matched and o.matched != o.row.code:
                print(f"  WRONG MATCH: {o.row.name!r} ({o.row.municipality!r}) → {o.matched}, "
                      f"is {o.row.code} {o.row.source_name}")  # fmt: skip


def _has_national_layer(settings: Settings) -> bool:
    path = settings.store_path
    if not (path / "CURRENT").is_file():
        return False
    store = ox.Store.read_only(str(path))
    graph = ox.NamedNode(settings.base_iri + "graph/mext-school-codes")
    found = store.contains_named_graph(graph)
    del store
    return found


def _temporary_store(settings: Settings, sources: Path, root: Path) -> Settings:
    """The real build, plus the national layer from the sources folder."""
    started = time.monotonic()
    local = settings.replace(build_dir=root / "build", dist_dir=root / "dist")
    if run_build(local, quiet=True) != 0:
        raise RuntimeError("ikkan build failed")
    store = ox.Store(str(local.store_path))
    curated = [
        (q.subject, q.predicate, q.object) for q in store.quads_for_pattern(None, None, None)
    ]
    national = build_national(
        settings.data_dir / "national" / "sources.toml",
        SourceSettings(cache_dir=root / "cache", sources_dir=sources, download=False),
        settings.base_iri,
        curated,
    )
    for notice in national.notices:
        print("  " + notice)
    for layer in national.layers:
        layer.load_into(store)
    store.flush()
    del store
    manifest = local.build_path / "manifest.json"
    data = json.loads(manifest.read_text(encoding="utf-8"))
    data["version"] = f"{data.get('version', '')}+national-bench"
    manifest.write_text(json.dumps(data), encoding="utf-8")
    print(
        f"  built a temporary store with the national layer in {time.monotonic() - started:.0f} s"
    )
    return local


def _post(server: RunningServer, form: dict[str, str]) -> Any:
    body = urllib.parse.urlencode(form).encode()
    request = urllib.request.Request(
        server.base + "/reconcile",
        data=body,
        headers={"Content-Type": "application/x-www-form-urlencoded; charset=UTF-8"},
    )
    with urllib.request.urlopen(request, timeout=120) as response:
        return json.loads(response.read())


def _query(row: SampleRow) -> dict[str, Any]:
    query: dict[str, Any] = {"query": row.name, "type": "EducationalInstitution"}
    properties = []
    if row.municipality:
        properties.append({"pid": "locatedIn", "v": row.municipality})
    if row.kind:
        properties.append({"pid": "schoolKind", "v": row.kind})
    if properties:
        query["properties"] = properties
    return query


def _codes(server: RunningServer, ids: set[str]) -> dict[str, str]:
    """The school code of each reconciled id, by data extension."""
    codes: dict[str, str] = {}
    listed = sorted(ids)
    for start in range(0, len(listed), BATCH):
        chunk = listed[start : start + BATCH]
        extend = {"ids": chunk, "properties": [{"id": "code"}]}
        answer = _post(server, {"extend": json.dumps(extend, ensure_ascii=False)})
        for entity_id, values in answer["rows"].items():
            if values["code"]:
                codes[entity_id] = values["code"][0]["str"]
    return codes


def _batches(rows: list[SampleRow]) -> list[dict[str, dict[str, Any]]]:
    return [
        {f"r{row.number}": _query(row) for row in rows[start : start + BATCH]}
        for start in range(0, len(rows), BATCH)
    ]


def through_http(settings: Settings, rows: list[SampleRow], repeat: int) -> None:
    server = start_server(
        {
            "IKKAN_PROJECT_DIR": str(settings.project_dir),
            "IKKAN_BUILD_DIR": str(settings.build_path),
            "IKKAN_WORKERS": "1",
        }
    )
    try:
        _wait(lambda: _get(server.base + "/reconcile"))
        batches = _batches(rows)
        started = time.perf_counter()
        _post(server, {"queries": json.dumps(batches[0], ensure_ascii=False)})
        first = time.perf_counter() - started
        answers: dict[str, Any] = {}
        times = []
        for _ in range(max(repeat, 1)):
            for batch in batches:
                text = json.dumps(batch, ensure_ascii=False)
                started = time.perf_counter()
                answer = _post(server, {"queries": text})
                times.append((time.perf_counter() - started) * 100 / len(batch))
                answers.update(answer)
        ids = {c["id"] for a in answers.values() for c in a["result"]}
        codes = _codes(server, ids)
    finally:
        server.stop()
    figures = Figures()
    for row in rows:
        result = answers[f"r{row.number}"]["result"]
        matched = next((codes.get(c["id"]) for c in result if c["match"]), None)
        top = codes.get(result[0]["id"]) if result else None
        figures.outcomes.append(Outcome(row, matched, top))
    figures.report("/reconcile (HTTP, batches of 100, type EducationalInstitution)")
    print(f"  {_timing(times)}; first request (reads the graph, builds the index) {first:.2f} s")


def _get(url: str) -> bool:
    with urllib.request.urlopen(url, timeout=30) as response:
        return bool(response.status == 200)


def _wait(check: Callable[[], bool], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if check():
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError("the server did not answer")


def through_link(settings: Settings, rows: list[SampleRow], folder: Path) -> None:
    table = folder / "sample.csv"
    with table.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["番号", "学校名", "市区町村", "学校種"])
        for row in rows:
            writer.writerow([row.number, row.name, row.municipality, row.kind])
    linked = folder / "linked.csv"
    env = {k: v for k, v in os.environ.items() if not k.startswith("IKKAN_")}
    env.update(
        {
            "IKKAN_PROJECT_DIR": str(settings.project_dir),
            "IKKAN_BUILD_DIR": str(settings.build_path),
        }
    )
    command = [sys.executable, "-m", "ikkan.cli", "link", str(table), "--name", "学校名",
               "--municipality", "市区町村", "--kind", "学校種", "-o", str(linked)]  # fmt: skip
    started = time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        print(f"\nikkan link failed ({done.returncode}):\n{done.stderr}")
        return
    with linked.open(encoding="utf-8-sig", newline="") as handle:
        out_rows = {int(r["番号"]): r for r in csv.DictReader(handle)}
    figures = Figures()
    for row in rows:
        got = out_rows[row.number]
        matched = got["ikkan_school_code"] if got["ikkan_match"] == "yes" else None
        # ikkan link names no top candidate for rows it will not link: its note lists them,
        # best first, each as 「name CODE（where） score」.
        listed = _SCHOOL_CODE.search(got["ikkan_note"].split("; ")[0])
        top = matched or (listed.group() if got["ikkan_match"] == "review" and listed else None)
        figures.outcomes.append(Outcome(row, matched or None, top))
    figures.report("ikkan link (the same rows as a CSV)")
    summary = done.stderr.strip().splitlines()
    print(f"  {len(rows)} rows in {elapsed:.1f} s, the whole command ({summary[-1]})")


def _copies(entities: list[Entity], copies: int) -> list[Entity]:
    """``copies`` more of every school and municipality, each in an invented place."""
    out: list[Entity] = []
    for number in range(2, copies + 2):
        suffix = f"~{number}"

        def copied(entity_id: str | None, suffix: str = suffix) -> str | None:
            return entity_id + suffix if entity_id else None

        for entity in entities:
            if entity.kind in (MUNICIPALITY, WARD):
                out.append(
                    replace(
                        entity,
                        id=entity.id + suffix,
                        iri=entity.iri + suffix,
                        name=f"{entity.name}{number}",
                        names=tuple(f"{n}{number}" for n in entity.names),
                        municipality=copied(entity.municipality),
                        code=None,
                        kana=None,
                        latin=(),
                        wikidata=None,
                    )
                )
            elif entity.kind == SCHOOL:
                names = tuple(dict.fromkeys(_without_founder(n) for n in entity.names))
                out.append(
                    replace(
                        entity,
                        id=entity.id + suffix,
                        iri=entity.iri + suffix,
                        name=names[0],
                        names=names,
                        code=None,
                        municipality=copied(entity.municipality),
                        ward=copied(entity.ward),
                        successor=copied(entity.successor),
                        placed_by_name=False,
                    )
                )
    return out


def _without_founder(name: str) -> str:
    split = founder_split(name)
    return split[1] if split else name


def at_scale(settings: Settings, rows: list[SampleRow], schools: int, repeat: int) -> None:
    """The sample's queries against a service with ``schools`` schools (copies added)."""
    store = open_store(settings.replace(query_workers=1))
    try:
        real = list(load_service(store, settings.base_iri).index.entities.values())
    finally:
        store.close()
    own = sum(e.kind == SCHOOL for e in real)
    copies = max(0, -(-schools // max(own, 1)) - 1)
    entities = real + _copies(real, copies)
    started = time.perf_counter()
    service = Service.from_entities(entities)
    built = time.perf_counter() - started
    total = sum(e.kind == SCHOOL for e in entities)
    batches = _batches(rows)
    answers: dict[str, Any] = {}
    times = []
    for _ in range(max(repeat, 1)):
        for batch in batches:
            text = json.dumps(batch, ensure_ascii=False)
            started = time.perf_counter()
            answers.update(service.reconcile(text, len(batch), 600))
            times.append((time.perf_counter() - started) * 100 / len(batch))
    figures = Figures()
    for row in rows:
        result = answers[f"r{row.number}"]["result"]
        code = {c["id"]: service.index.entities[c["id"]].code for c in result}
        matched = next((code[c["id"]] for c in result if c["match"]), None)
        figures.outcomes.append(Outcome(row, matched, code[result[0]["id"]] if result else None))
    figures.report(
        f"at national scale: {total:,} schools ({own:,} real, {copies} copies of each in "
        "invented municipalities), in this process, no HTTP",
        show_unlinked=False,
    )
    print(f"  {_timing(times)}; index built in {built:.1f} s")


def _timing(times: list[float]) -> str:
    times = sorted(times)
    p90 = times[min(len(times) - 1, int(len(times) * 0.9))]
    return (
        f"time per 100 queries: median {statistics.median(times) * 1000:.0f} ms, "
        f"p90 {p90 * 1000:.0f} ms, max {times[-1] * 1000:.0f} ms over {len(times)} batches"
    )


def run(settings: Settings, repeat: int) -> int:
    sources = sources_dir_from()
    if sources is None:
        print(
            "reconcile_quality needs the source files: set IKKAN_SOURCES_DIR (../shared/sources)."
        )
        return 2
    size = int(os.environ.get("IKKAN_BENCH_ROWS", "300"))
    seed = int(os.environ.get("IKKAN_BENCH_SEED", "14"))
    with tempfile.TemporaryDirectory(prefix="ikkan-reconcile-") as tmp:
        folder = Path(tmp)
        rows, listed = sample(sources, settings.data_dir / "national" / "sources.toml",
                              folder / "cache", size, seed)  # fmt: skip
        styles = Counter(r.style for r in rows)
        given = sum(bool(r.municipality) or r.style == "paren" for r in rows)
        print(f"sample: {len(rows)} of the {listed:,} rows of MEXT's list in {sources} "
              f"(seed {seed}); {given} with a municipality; styles {dict(styles)}")  # fmt: skip
        if _has_national_layer(settings):
            print(f"  store: {settings.store_path} (has the national layer)")
            store_settings = settings
        else:
            print(f"  store: {settings.store_path} has no national layer yet;")
            store_settings = _temporary_store(settings, sources, folder)
        through_http(store_settings, rows, min(repeat, 5))
        through_link(store_settings, rows, folder)
        schools = int(os.environ.get("IKKAN_BENCH_SCHOOLS", "30000"))
        if schools > 0:
            at_scale(store_settings, rows, schools, min(repeat, 5))
    print(f"\n{TARGETS}")
    return 0
