"""A synthetic national-scale graph, and what serving it costs.

Generates a graph shaped like ikkan's own, at the size the whole country would give: every
municipality (1,741), a junior-high school district per junior-high school, about 30,000 schools
(19,000 elementary, 10,000 junior-high, 200 compulsory-education schools), each with labels in
Japanese, English and romanised Japanese, its district, municipality and a citation, and ten years
of pupil counts per grade as RDF Data Cube observations (about 12 million triples at scale 1). It
writes N-Quads, bulk-loads them into an Oxigraph store with the build's layout (named graph per
prefecture, ``manifest.json``), starts a real ``ikkan serve`` on it and prints: generation and
load time, store size, the memory of the server's processes (the web process must stay small:
nothing holds the graph in Python), and the latency of the queries the endpoint and the pages
make — point lookup, a school's neighbours, a label search, a district's statistics, a count by
class — and, when the site is installed, of an entity page over HTTP.

``ikkan bench national_scale [--repeat N]``; ``IKKAN_BENCH_SCALE`` (default 1.0) shrinks the
graph for a quick look, and ``IKKAN_BENCH_DIR`` keeps the generated store between runs.
"""

from __future__ import annotations

import http.client
import json
import os
import random
import shutil
import statistics
import tempfile
import time
import urllib.parse
from pathlib import Path

import pyoxigraph as ox

from ikkan.settings import Settings
from ikkan.web.launch import RunningServer, start_server

BASE = "https://w3id.org/ikkan/"
ID = BASE + "id/"
IKKAN = "https://w3id.org/ikkan/ontology#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
QB = "http://purl.org/linked-data/cube#"
SCHEMA = "http://schema.org/"
XSD = "http://www.w3.org/2001/XMLSchema#"

MUNICIPALITIES = 1741
ELEMENTARY = 19_000
JUNIOR_HIGH = 10_000
COMPULSORY = 200
YEARS = range(2015, 2025)


def _iri(value: str) -> str:
    return f"<{value}>"


def _lit(value: str, lang: str) -> str:
    return json.dumps(value, ensure_ascii=False) + f"@{lang}"


def _int(value: int) -> str:
    return f'"{value}"^^<{XSD}nonNegativeInteger>'


def generate(path: Path, scale: float, seed: int = 1) -> int:
    """Write the synthetic graph as N-Quads; return the number of quads."""
    rng = random.Random(seed)
    municipalities = max(1, int(MUNICIPALITIES * scale))
    counts = {
        kind: max(1, int(n * scale))
        for kind, n in (
            ("ElementarySchool", ELEMENTARY),
            ("JuniorHighSchool", JUNIOR_HIGH),
            ("CompulsoryEducationSchool", COMPULSORY),
        )
    }
    written = 0
    with path.open("w", encoding="utf-8") as out:

        def quad(s: str, p: str, o: str, g: str) -> None:
            nonlocal written
            out.write(f"{s} {p} {o} {g} .\n")
            written += 1

        codes = [f"{(i % 47) + 1:02d}{i:04d}" for i in range(municipalities)]
        districts: list[tuple[str, str, str]] = []
        for index, code in enumerate(codes):
            graph = _iri(f"{BASE}graph/pref-{(index % 47) + 1:02d}")
            muni = _iri(f"{ID}municipality/{code}")
            quad(muni, _iri(RDF_TYPE), _iri(IKKAN + "Municipality"), graph)
            quad(muni, _iri(RDF_TYPE), _iri(SCHEMA + "AdministrativeArea"), graph)
            quad(muni, _iri(RDFS_LABEL), _lit(f"合成市{index}", "ja"), graph)
            quad(muni, _iri(RDFS_LABEL), _lit(f"Synthetic City {index}", "en"), graph)
        schools = []
        for kind, n in counts.items():
            schools += [(kind, i) for i in range(n)]
        rng.shuffle(schools)
        junior_highs = [s for s in schools if s[0] != "ElementarySchool"]
        for number in range(len(junior_highs)):
            code = codes[number % municipalities]
            district = f"{ID}district/{code}-d{number}"
            districts.append((district, code, f"{BASE}graph/pref-{int(code[:2]):02d}"))
        for number, (kind, i) in enumerate(schools):
            district, code, graph_iri = districts[number % len(districts)]
            graph = _iri(graph_iri)
            school = _iri(f"{ID}school/{code}-{kind[:2].lower()}{i}")
            name = {
                "ElementarySchool": "小学校",
                "JuniorHighSchool": "中学校",
                "CompulsoryEducationSchool": "義務教育学校",
            }[kind]
            for cls in (IKKAN + kind, IKKAN + "School", SCHEMA + "School"):
                quad(school, _iri(RDF_TYPE), _iri(cls), graph)
            quad(school, _iri(RDFS_LABEL), _lit(f"合成第{i}{name}", "ja"), graph)
            quad(school, _iri(RDFS_LABEL), _lit(f"Synthetic {kind} {i}", "en"), graph)
            quad(school, _iri(RDFS_LABEL), _lit(f"Gōsei dai-{i} {kind}", "ja-Latn"), graph)
            quad(school, _iri(IKKAN + "district"), _iri(district), graph)
            quad(_iri(district), _iri(IKKAN + "hasSchool"), school, graph)
            quad(school, _iri(IKKAN + "municipality"), _iri(f"{ID}municipality/{code}"), graph)
            quad(school, _iri(IKKAN + "statedIn"), _iri(f"{ID}section/synthetic"), graph)
            grades = (
                range(1, 7)
                if kind == "ElementarySchool"
                else (range(7, 10) if kind == "JuniorHighSchool" else range(1, 10))
            )
            for year in YEARS:
                table = _iri(f"{ID}table/{code}-{year}")
                for grade in grades:
                    obs = _iri(f"{ID}observation/{code}-{kind[:2].lower()}{i}-{year}-{grade}")
                    quad(obs, _iri(RDF_TYPE), _iri(QB + "Observation"), graph)
                    quad(obs, _iri(QB + "dataSet"), table, graph)
                    quad(obs, _iri(IKKAN + "refUnit"), school, graph)
                    quad(obs, _iri(IKKAN + "refGrade"), _iri(f"{ID}grade/{grade}"), graph)
                    quad(obs, _iri(IKKAN + "refPeriod"), _iri(f"{ID}instant/{year}-05-01"), graph)
                    quad(obs, _iri(IKKAN + "pupils"), _int(rng.randint(5, 150)), graph)
        for district, _code, graph_iri in districts:
            graph = _iri(graph_iri)
            quad(_iri(district), _iri(RDF_TYPE), _iri(IKKAN + "SchoolDistrict"), graph)
            quad(
                _iri(district), _iri(RDFS_LABEL), _lit(f"合成中学校区 {district[-6:]}", "ja"), graph
            )
    return written


def _rss_kib(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def _serve(build_dir: Path) -> RunningServer:
    return start_server(
        {"IKKAN_BUILD_DIR": str(build_dir), "IKKAN_WORKERS": "1", "IKKAN_QUERY_TIMEOUT": "60"},
        timeout=120,
    )


def _timed_get(conn: http.client.HTTPConnection, path: str, accept: str) -> tuple[float, int]:
    started = time.perf_counter()
    conn.request("GET", path, headers={"Accept": accept})
    response = conn.getresponse()
    response.read()
    return (time.perf_counter() - started) * 1000, response.status


def run(settings: Settings, repeat: int) -> int:
    scale = float(os.environ.get("IKKAN_BENCH_SCALE", "1.0"))
    keep = os.environ.get("IKKAN_BENCH_DIR")
    root = Path(keep) if keep else Path(tempfile.mkdtemp(prefix="ikkan-national-"))
    build_dir = root / "build"
    store_dir = build_dir / "store"
    try:
        if not (store_dir / "CURRENT").exists():
            build_dir.mkdir(parents=True, exist_ok=True)
            nquads = root / "national.nq"
            started = time.perf_counter()
            quads = generate(nquads, scale)
            generated = time.perf_counter() - started
            started = time.perf_counter()
            store = ox.Store(str(store_dir))
            store.bulk_load(path=str(nquads), format=ox.RdfFormat.N_QUADS)
            store.optimize()
            del store
            loaded = time.perf_counter() - started
            (build_dir / "manifest.json").write_text(
                json.dumps(
                    {"version": f"synthetic-{scale}", "built": "synthetic", "triples": quads}
                )
            )
            size = sum(p.stat().st_size for p in store_dir.rglob("*") if p.is_file())
            nquads.unlink()
            print(
                f"scale {scale}: {quads:,} quads generated in {generated:.1f} s, "
                f"bulk-loaded in {loaded:.1f} s; store {size / 2**20:,.0f} MiB on disk"
            )
        else:
            print(f"reusing the store in {store_dir}")
        server = _serve(build_dir)
        process, port = server.process, server.port
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
            school = f"{ID}school/010000-el0"
            probe = f"SELECT ?s WHERE {{ ?s a <{IKKAN}ElementarySchool> }} LIMIT 1"
            conn.request(
                "GET",
                "/sparql?" + urllib.parse.urlencode({"query": probe}),
                headers={"Accept": "application/sparql-results+json"},
            )
            body = json.loads(conn.getresponse().read())
            school = body["results"]["bindings"][0]["s"]["value"]
            district_q = f"SELECT ?d WHERE {{ <{school}> <{IKKAN}district> ?d }}"
            conn.request(
                "GET",
                "/sparql?" + urllib.parse.urlencode({"query": district_q}),
                headers={"Accept": "application/sparql-results+json"},
            )
            district = json.loads(conn.getresponse().read())["results"]["bindings"][0]["d"]["value"]
            queries = {
                "point lookup (one school)": f"SELECT ?p ?o WHERE {{ <{school}> ?p ?o }}",
                "incoming links (page)": f"SELECT ?s ?p WHERE {{ ?s ?p <{school}> }} LIMIT 50",
                "district statistics (page chart)": (
                    f"SELECT ?grade (SUM(?n) AS ?pupils) WHERE {{"
                    f" <{district}> <{IKKAN}hasSchool> ?s ."
                    f" ?o <{IKKAN}refUnit> ?s ; <{IKKAN}refGrade> ?grade ; <{IKKAN}pupils> ?n ;"
                    f" <{IKKAN}refPeriod> <{ID}instant/2024-05-01> }} GROUP BY ?grade"
                ),
                "label search (prefix)": (
                    f"SELECT ?s ?l WHERE {{ ?s <{RDFS_LABEL}> ?l ."
                    ' FILTER(STRSTARTS(?l, "合成第123")) } LIMIT 20'
                ),
                "count schools by class": (
                    f"SELECT ?c (COUNT(?s) AS ?n) WHERE {{ ?s a ?c . ?s a <{IKKAN}School> }}"
                    " GROUP BY ?c"
                ),
            }
            print(f"server http://127.0.0.1:{port}, {repeat} runs per request after warm-up")
            print(f"{'request':42} {'median ms':>10} {'p90 ms':>10}")
            for name, query in queries.items():
                path = "/sparql?" + urllib.parse.urlencode({"query": query})
                _timed_get(conn, path, "application/sparql-results+json")
                times = sorted(
                    _timed_get(conn, path, "application/sparql-results+json")[0]
                    for _ in range(repeat)
                )
                print(
                    f"{name:42} {statistics.median(times):10.2f} "
                    f"{times[int(0.9 * (len(times) - 1))]:10.2f}"
                )
            # Pages: each school once (a cold render: no page cache can help), then one again
            # (a warm render, from the per-process cache of rendered pages).
            listing = f"SELECT ?s WHERE {{ ?s a <{IKKAN}ElementarySchool> }} LIMIT {repeat + 1}"
            conn.request(
                "GET",
                "/sparql?" + urllib.parse.urlencode({"query": listing}),
                headers={"Accept": "application/sparql-results+json"},
            )
            bindings = json.loads(conn.getresponse().read())["results"]["bindings"]
            pages = ["/page/" + b["s"]["value"][len(ID) :] for b in bindings]
            _first, status = _timed_get(conn, pages[0], "text/html")
            if status == 200:
                cold = sorted(_timed_get(conn, page, "text/html")[0] for page in pages[1:])
                warm = sorted(_timed_get(conn, pages[0], "text/html")[0] for _ in range(repeat))
                for name, times in (
                    ("entity page, first view (cold)", cold),
                    ("entity page, viewed again (cached)", warm),
                ):
                    print(
                        f"{name:42} {statistics.median(times):10.2f} "
                        f"{times[int(0.9 * (len(times) - 1))]:10.2f}"
                    )
            processes = [process.pid, *(pid for pid, _state in server.descendants())]
            rss = {pid: _rss_kib(pid) for pid in processes}
            print(
                "memory (RSS) of the server's processes: "
                + ", ".join(f"{kib / 1024:.0f} MiB" for kib in sorted(rss.values(), reverse=True))
            )
        finally:
            server.stop()
    finally:
        if not keep:
            shutil.rmtree(root, ignore_errors=True)
    return 0
