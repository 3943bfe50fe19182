"""A synthetic national-scale graph, and what serving it costs.

Generates the synthetic graph of ``bench/_synthetic.py``, shaped like ikkan's own at the size
the whole country would give (about 29,000 schools, ten years of pupils per grade: about 9
million quads at scale 1). It writes N-Quads, bulk-loads them into an Oxigraph store with the
build's layout (named graph per prefecture, ``manifest.json``), starts a real ``ikkan serve`` on
it and prints: generation and load time, store size, the memory of the server's processes (the
web process must stay small: nothing holds the graph in Python), and the latency of the queries
the endpoint and the pages make — point lookup, a school's neighbours, a label search, a
district's statistics, a count by class — and, when the site is installed, of an entity page.

``ikkan bench national_scale [--repeat N]``; ``IKKAN_BENCH_SCALE`` (default 1.0) shrinks the
graph for a quick look, and ``IKKAN_BENCH_DIR`` keeps the generated store between runs.
"""

from __future__ import annotations

import http.client
import json
import os
import shutil
import statistics
import tempfile
import time
import urllib.parse
from pathlib import Path

import pyoxigraph as ox

from _synthetic import ID, IKKAN, RDFS_LABEL, generate
from ikkan.settings import Settings
from ikkan.web.launch import RunningServer, start_server


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
