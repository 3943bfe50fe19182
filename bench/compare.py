"""ikkan side by side with the engines a researcher would pick instead, on one synthetic graph.

``ikkan bench compare [--schools N] [--repeat N] [--install]`` generates the synthetic national
graph of ``bench/_synthetic.py`` at N schools (default 5,000), or reuses it (cached by size under
``IKKAN_BENCH_DIR``, default ``~/.cache/ikkan-bench``), bulk-loads it into an on-disk Oxigraph
store with the build's layout, and then starts, one after another so that each runs alone:
Oxigraph's own server (``oxigraph serve-read-only``) and ikkan over it (``--store-url``); ikkan
on disk; ikkan in memory (``--in-memory``); Virtuoso Open Source 7 and ikkan over it, when
Virtuoso is installed (``--install`` installs it, and ``wrk``, with apt-get); rdflib-endpoint
(the ``bench`` extra), which must start within ``IKKAN_BENCH_RDFLIB_BUDGET`` seconds (default
600) or is reported as not started. Each runs on a free loopback port in its own process group
and is stopped, with every process it forked, when its turn ends, on an error or on Ctrl-C.

Every server gets the same queries over HTTP (GET, SPARQL JSON or N-Triples): a point lookup, a
district's schools, the sum of pupils per municipality (GROUP BY), the top districts (GROUP BY,
ORDER BY, LIMIT), a label substring search, COUNT(*), a CONSTRUCT of one school, and, for
ikkan, an entity page. "Uncached" figures vary the subject (or, for aggregates, the year and a
LIMIT that cuts nothing) so that no request repeats; "repeated" figures send one request again
and again, which is what a cache would serve. Each query and mode runs ``--repeat`` times after
one warm-up, or until ``IKKAN_BENCH_BUDGET`` seconds (default 8) are spent, whichever comes
first. Then point lookups with 4 concurrent clients for ``IKKAN_BENCH_SECONDS`` (default 10):
Debian's ``wrk`` when installed, else 4 Python threads. Then memory: PSS (shared pages divided
among the processes that share them) and RSS, summed over each server's process tree (and its
engine's, for ikkan over another engine). ``IKKAN_BENCH_SERVERS`` (comma-separated: disk,
memory, oxigraph, rdflib, virtuoso) runs only some. It prints a Markdown table; it passes or
fails nothing.
"""

from __future__ import annotations

import contextlib
import functools
import http.client
import json
import os
import platform
import random
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from types import FrameType

import pyoxigraph as ox

import _servers
from _servers import Running
from _synthetic import ID, IKKAN, RDFS_LABEL, YEARS, generate, scale_for_schools
from ikkan.engines import virtuoso
from ikkan.engines.processes import Memory
from ikkan.settings import Settings

JSON = "application/sparql-results+json"
NTRIPLES = "application/n-triples"
HTML = "text/html"
CLIENTS = 4
ALL_SERVERS = ("oxigraph", "disk", "memory", "virtuoso", "rdflib")


@dataclass(frozen=True)
class Request:
    """One HTTP request: a path relative to the server (a SPARQL query or a page)."""

    sparql: str | None = None  # the query, sent to the server's endpoint
    page: str | None = None  # or a page of ikkan's, relative to its base
    accept: str = JSON


@dataclass
class Sample:
    """The answer times of one query on one server, in ms; ``error`` when it failed."""

    times: list[float] = field(default_factory=list)
    error: str | None = None

    def p(self, q: float) -> float:
        ordered = sorted(self.times)
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


@dataclass
class Result:
    """Everything measured on one server."""

    name: str
    uncached: dict[str, Sample] = field(default_factory=dict)
    repeated: dict[str, Sample] = field(default_factory=dict)
    throughput: float | None = None
    throughput_by: str = ""
    load_s: float | None = None
    start_s: float | None = None
    memory: Memory | None = None
    engine_memory: Memory | None = None
    failure: str | None = None


@dataclass(frozen=True)
class Subjects:
    """IRIs the queries are about, read from the generated graph."""

    schools: list[str]
    districts: list[str]


class Stop(Exception):
    """SIGTERM: end the run the way Ctrl-C does, stopping every server first."""


# --- the queries --------------------------------------------------------------------------

QUERIES = (
    "point lookup",
    "a district's schools",
    "sum of pupils per municipality",
    "top districts (GROUP BY, ORDER BY, LIMIT)",
    "label substring search",
    "COUNT(*)",
    "CONSTRUCT one school",
    "entity page (ikkan only)",
)


def request_for(name: str, i: int, subjects: Subjects) -> Request:
    """The ``i``-th request of one kind: a different subject (or year and LIMIT) for each i."""
    school = subjects.schools[i % len(subjects.schools)]
    district = subjects.districts[i % len(subjects.districts)]
    year = list(YEARS)[-1 - i % len(YEARS)]
    period = f"<{ID}instant/{year}-05-01>"
    # A LIMIT past any answer's length makes each text new without changing the work.
    limit = 100_000 + i
    if name == "point lookup":
        return Request(f"SELECT ?p ?o WHERE {{ <{school}> ?p ?o }} LIMIT {limit}")
    if name == "a district's schools":
        return Request(
            f"SELECT ?school ?label WHERE {{ <{district}> <{IKKAN}hasSchool> ?school . "
            f'?school <{RDFS_LABEL}> ?label . FILTER(lang(?label) = "ja") }} LIMIT {limit}'
        )
    if name == "sum of pupils per municipality":
        return Request(
            f"SELECT ?m (SUM(?n) AS ?pupils) WHERE {{ ?o <{IKKAN}refPeriod> {period} ; "
            f"<{IKKAN}refUnit> ?s ; <{IKKAN}pupils> ?n . ?s <{IKKAN}municipality> ?m }} "
            f"GROUP BY ?m LIMIT {limit}"
        )
    if name == "top districts (GROUP BY, ORDER BY, LIMIT)":
        return Request(
            f"SELECT ?d (SUM(?n) AS ?pupils) WHERE {{ ?d <{IKKAN}hasSchool> ?s . "
            f"?o <{IKKAN}refUnit> ?s ; <{IKKAN}refPeriod> {period} ; <{IKKAN}pupils> ?n }} "
            f"GROUP BY ?d ORDER BY DESC(?pupils) LIMIT {10 + i}"
        )
    if name == "label substring search":
        return Request(
            f"SELECT ?s ?label WHERE {{ ?s <{RDFS_LABEL}> ?label . "
            f'FILTER(CONTAINS(?label, "第{100 + i}小")) }} LIMIT {limit}'
        )
    if name == "COUNT(*)":
        return Request(f"SELECT (COUNT(*) AS ?n{i}) WHERE {{ ?s ?p ?o }}")
    if name == "CONSTRUCT one school":
        return Request(
            f"CONSTRUCT {{ <{school}> ?p ?o }} WHERE {{ <{school}> ?p ?o }}", accept=NTRIPLES
        )
    return Request(page="/page/" + school[len(ID) :], accept=HTML)


# --- HTTP -----------------------------------------------------------------------------------


class Client:
    """One keep-alive HTTP connection to one server."""

    def __init__(self, server: Running, timeout: float = 600) -> None:
        parts = urllib.parse.urlsplit(server.sparql)
        self.host, self.port = parts.hostname or "127.0.0.1", parts.port or 80
        self.path = parts.path or "/"
        self.base = server.base
        self.timeout = timeout
        self.connection = http.client.HTTPConnection(self.host, self.port, timeout=timeout)

    def target(self, request: Request) -> str:
        if request.page is not None:
            return request.page
        return self.path + "?" + urllib.parse.urlencode({"query": request.sparql})

    def send(self, request: Request) -> float:
        """Send it and read the whole answer; the milliseconds taken. Raise on a non-200."""
        started = time.perf_counter()
        try:
            self.connection.request("GET", self.target(request), headers={"Accept": request.accept})
            response = self.connection.getresponse()
            body = response.read()
        except (OSError, http.client.HTTPException):
            self.connection.close()
            self.connection = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
            raise
        elapsed = (time.perf_counter() - started) * 1000
        if response.status != 200:
            raise RuntimeError(f"HTTP {response.status}: {body[:200].decode('utf-8', 'replace')}")
        return elapsed

    def close(self) -> None:
        self.connection.close()


def measure(client: Client, make: Callable[[int], Request], repeat: int, budget: float) -> Sample:
    """One warm-up, then up to ``repeat`` timed requests within ``budget`` seconds (at least
    one; the warm-up is the only figure when it alone took longer than the budget)."""
    sample = Sample()
    try:
        warm = client.send(make(0))
        if warm / 1000 > budget:
            sample.times.append(warm)
            return sample
        deadline = time.monotonic() + budget
        for i in range(1, repeat + 1):
            sample.times.append(client.send(make(i)))
            if time.monotonic() > deadline:
                break
    except (OSError, http.client.HTTPException, RuntimeError) as exc:
        sample.error = str(exc)[:120] or type(exc).__name__
    return sample


def _wrk_script(folder: Path, client: Client, subjects: Subjects) -> Path:
    """A wrk script sending point lookups, a different text for every request of every thread."""
    head = client.path + "?query=" + urllib.parse.quote("SELECT ?p ?o WHERE { <")
    middle = urllib.parse.quote("> ?p ?o } LIMIT ")
    schools = ",\n".join(json.dumps(urllib.parse.quote(s, safe="")) for s in subjects.schools)
    script = folder / "lookups.lua"
    script.write_text(
        "local threads = 0\n"
        "function setup(thread) thread:set('id', threads); threads = threads + 1 end\n"
        "local schools = {\n" + schools + "\n}\n"
        "local n = 0\n"
        "function request()\n"
        "  n = n + 1\n"
        "  local school = schools[(n % #schools) + 1]\n"
        f"  local path = '{head}' .. school .. '{middle}' .. (1000000 + n * 16 + id)\n"
        f"  return wrk.format('GET', path, {{['Accept'] = '{JSON}'}})\n"
        "end\n",
        encoding="utf-8",
    )
    return script


def throughput(
    server: Running, subjects: Subjects, seconds: float, scratch: Path
) -> tuple[float, str]:
    """Point lookups per second with 4 concurrent clients, and what measured it."""
    client = Client(server)
    wrk = shutil.which("wrk")
    if wrk:
        script = _wrk_script(scratch, client, subjects)
        done = subprocess.run(
            [
                wrk,
                "-t2",
                f"-c{CLIENTS}",
                f"-d{int(seconds)}s",
                "--timeout",
                "30s",
                "-s",
                str(script),
                f"http://{client.host}:{client.port}",
            ],
            capture_output=True,
            text=True,
            timeout=seconds + 60,
        )
        client.close()
        rate = next(
            (float(line.split()[1]) for line in done.stdout.splitlines() if "Requests/sec" in line),
            0.0,
        )
        failing = next((line for line in done.stdout.splitlines() if "Non-2xx" in line), "")
        return rate, "wrk" + (f" ({failing.strip()})" if failing else "")
    client.close()
    counts = [0] * CLIENTS
    deadline = time.monotonic() + seconds

    def loop(index: int) -> None:
        own = Client(server)
        i = index
        try:
            # Bounded in time and in count.
            while time.monotonic() < deadline and counts[index] < 1_000_000:
                own.send(request_for("point lookup", i, subjects))
                counts[index] += 1
                i += CLIENTS
        except (OSError, http.client.HTTPException, RuntimeError):
            pass
        finally:
            own.close()

    started = time.monotonic()
    threads = [threading.Thread(target=loop, args=(n,)) for n in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sum(counts) / (time.monotonic() - started), "Python threads"


def run_queries(
    server: Running,
    result: Result,
    subjects: Subjects,
    repeat: int,
    budget: float,
    seconds: float,
    scratch: Path,
) -> None:
    client = Client(server)
    try:
        for name in QUERIES:
            if name.startswith("entity page") and server.base is None:
                continue

            def varied(i: int, name: str = name) -> Request:
                return request_for(name, i, subjects)

            def same(_i: int, name: str = name) -> Request:
                return request_for(name, 0, subjects)

            result.uncached[name] = measure(client, varied, repeat, budget)
            result.repeated[name] = measure(client, same, repeat, budget)
            sample = result.uncached[name]
            shown = f"{statistics.median(sample.times):,.2f} ms" if sample.times else sample.error
            print(f"  {server.name}: {name}: {shown}", flush=True)
    finally:
        client.close()
    result.throughput, result.throughput_by = throughput(server, subjects, seconds, scratch)
    print(f"  {server.name}: {result.throughput:,.0f} lookups/s ({result.throughput_by})")


# --- the data -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Data:
    folder: Path
    nquads: Path
    build: Path
    quads: int
    load_s: float
    subjects: Subjects


def prepare(schools: int, cache: Path) -> Data:
    """The graph at ``schools`` schools: N-Quads and an on-disk store, made once per size."""
    folder = cache / f"schools-{schools}"
    meta_file = folder / "meta.json"
    nquads, build = folder / "synthetic.nq", folder / "build"
    if meta_file.exists() and nquads.exists() and (build / "store" / "CURRENT").exists():
        meta = json.loads(meta_file.read_text())
        print(f"reusing the graph of {schools:,} schools in {folder}")
    else:
        shutil.rmtree(folder, ignore_errors=True)
        build.mkdir(parents=True)
        started = time.monotonic()
        quads = generate(nquads, scale_for_schools(schools))
        generated = time.monotonic() - started
        started = time.monotonic()
        store = ox.Store(str(build / "store"))
        store.bulk_load(path=str(nquads), format=ox.RdfFormat.N_QUADS)
        store.optimize()
        del store
        loaded = time.monotonic() - started
        (build / "manifest.json").write_text(
            json.dumps({"version": f"synthetic-{schools}", "built": "synthetic", "triples": quads})
        )
        reader = ox.Store.read_only(str(build / "store"))
        iris = _instances(reader, IKKAN + "School")
        districts = _instances(reader, IKKAN + "SchoolDistrict")
        del reader
        rng = random.Random(7)
        meta = {
            "quads": quads,
            "generated_s": generated,
            "load_s": loaded,
            "schools": rng.sample(iris, min(2000, len(iris))),
            "districts": rng.sample(districts, min(500, len(districts))),
        }
        meta_file.write_text(json.dumps(meta))
        print(
            f"{schools:,} schools: {quads:,} quads generated in {generated:.0f} s, "
            f"bulk-loaded into an on-disk store in {loaded:.0f} s ({folder})"
        )
    return Data(
        folder,
        nquads,
        build,
        int(meta["quads"]),
        float(meta["load_s"]),
        Subjects(list(meta["schools"]), list(meta["districts"])),
    )


_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


def _instances(store: ox.Store, cls: str) -> list[str]:
    found = store.quads_for_pattern(None, ox.NamedNode(_RDF_TYPE), ox.NamedNode(cls))
    return sorted(q.subject.value for q in found if isinstance(q.subject, ox.NamedNode))


# --- the run --------------------------------------------------------------------------------


def _install(packages: list[str]) -> None:
    sudo = [] if os.geteuid() == 0 else ["sudo"]
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run([*sudo, "apt-get", "update", "-q"], check=True, env=env)
    subprocess.run([*sudo, "apt-get", "install", "-y", "-q", *packages], check=True, env=env)


@contextlib.contextmanager
def _terminated_as_interrupt() -> Iterator[None]:
    """SIGTERM ends the run as Ctrl-C does: through every ``finally`` that stops a server."""

    def handler(signum: int, frame: FrameType | None) -> None:
        raise Stop("terminated")

    previous = signal.signal(signal.SIGTERM, handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def run(settings: Settings, repeat: int) -> int:
    schools = int(os.environ.get("IKKAN_BENCH_SCHOOLS", "5000"))
    budget = float(os.environ.get("IKKAN_BENCH_BUDGET", "8"))
    seconds = float(os.environ.get("IKKAN_BENCH_SECONDS", "10"))
    rdflib_budget = float(os.environ.get("IKKAN_BENCH_RDFLIB_BUDGET", "600"))
    chosen = [
        s.strip()
        for s in os.environ.get("IKKAN_BENCH_SERVERS", ",".join(ALL_SERVERS)).split(",")
        if s.strip()
    ]
    unknown = sorted(set(chosen) - set(ALL_SERVERS))
    if unknown:
        print(f"unknown servers {unknown}; known: {', '.join(ALL_SERVERS)}", file=sys.stderr)
        return 2
    cache = Path(os.environ.get("IKKAN_BENCH_DIR") or Path.home() / ".cache" / "ikkan-bench")
    if os.environ.get("IKKAN_BENCH_INSTALL"):
        wanted = {"wrk": "wrk", virtuoso.PACKAGE: virtuoso.SERVER}
        missing = [package for package, tool in wanted.items() if not shutil.which(tool)]
        if missing:
            print(f"installing {', '.join(missing)} with apt-get", flush=True)
            _install(missing)
    when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    with _terminated_as_interrupt(), tempfile.TemporaryDirectory(prefix="ikkan-compare-") as tmp:
        scratch = Path(tmp)
        data = prepare(schools, cache)
        results: list[Result] = []

        def measured(server: Running, engine: Running | None = None) -> Result:
            result = Result(server.name, load_s=server.load_s, start_s=server.start_s)
            print(f"{server.name}: started in {server.start_s:.1f} s", flush=True)
            run_queries(server, result, data.subjects, repeat, budget, seconds, scratch)
            result.memory = server.memory()
            if engine is not None:
                result.engine_memory = engine.memory()
            results.append(result)
            return result

        def attempt(name: str, start: Callable[[], Running]) -> Running | None:
            try:
                return start()
            except (OSError, RuntimeError, TimeoutError, subprocess.SubprocessError) as exc:
                first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
                print(f"{name}: {first}", flush=True)
                results.append(Result(name, failure=first))
                return None

        logs = scratch
        if "oxigraph" in chosen:
            oxigraph = attempt(
                "Oxigraph server", lambda: _servers.oxigraph(data.build / "store", logs)
            )
            if oxigraph is not None:
                try:
                    oxigraph.load_s = data.load_s
                    measured(oxigraph)
                    over = attempt(
                        "ikkan → Oxigraph server",
                        lambda: _servers.ikkan(
                            "ikkan → Oxigraph server", data.build, logs, store_url=oxigraph.sparql
                        ),
                    )
                    if over is not None:
                        try:
                            measured(over, oxigraph)
                        finally:
                            over.stop()
                finally:
                    oxigraph.stop()
        for key, name, in_memory in (
            ("disk", "ikkan on disk", False),
            ("memory", "ikkan in memory", True),
        ):
            if key not in chosen:
                continue
            server = attempt(
                name, functools.partial(_servers.ikkan, name, data.build, logs, in_memory=in_memory)
            )
            if server is not None:
                try:
                    server.load_s = data.load_s
                    measured(server)
                finally:
                    server.stop()
        if "virtuoso" in chosen:
            if not virtuoso.installed():
                print("Virtuoso: not installed (--install installs it)")
                results.append(Result("Virtuoso", failure="not installed"))
            else:
                engine = attempt(
                    "Virtuoso",
                    lambda: _servers.virtuoso_server(scratch / "virtuoso", data.nquads, data.quads),
                )
                if engine is not None:
                    try:
                        measured(engine)
                        over = attempt(
                            "ikkan → Virtuoso",
                            lambda: _servers.ikkan(
                                "ikkan → Virtuoso", data.build, logs, store_url=engine.sparql
                            ),
                        )
                        if over is not None:
                            try:
                                measured(over, engine)
                            finally:
                                over.stop()
                    finally:
                        engine.stop()
        if "rdflib" in chosen:
            server = attempt(
                "rdflib-endpoint",
                lambda: _servers.rdflib_endpoint(data.nquads, logs, rdflib_budget),
            )
            if server is not None:
                try:
                    measured(server)
                finally:
                    server.stop()
        print()
        print(table(results, data, when, repeat, budget, seconds))
    return 0


# --- the table ------------------------------------------------------------------------------


def _ms(value: float) -> str:
    return f"{value:,.2f}" if value < 10 else f"{value:,.0f}"


def _cell(sample: Sample | None, best: float | None) -> str:
    if sample is None:
        return "—"
    if not sample.times:
        return f"failed: {sample.error}"
    p50, p90 = sample.p(0.5), sample.p(0.9)
    ratio = f" ({p50 / best:,.1f}×)" if best else ""
    runs = "" if len(sample.times) > 1 else " (1 run)"
    return f"{_ms(p50)} / {_ms(p90)} ms{ratio}{runs}"


def _memory(result: Result, kind: str) -> str:
    if result.memory is None:
        return "—"

    def mib(m: Memory) -> str:
        return f"{(m.pss_kib if kind == 'pss' else m.rss_kib) / 1024:,.0f} MiB"

    if result.engine_memory is not None:
        return f"{mib(result.memory)} + engine {mib(result.engine_memory)}"
    return mib(result.memory)


def table(
    results: list[Result], data: Data, when: str, repeat: int, budget: float, seconds: float
) -> str:
    names = [r.name for r in results]
    lines = [
        f"{data.quads:,} quads ({len(data.subjects.schools):,} sampled schools); {when}; "
        f"{platform.node()} ({os.cpu_count()} cores, Python {platform.python_version()}); "
        f"p50 / p90 of up to {repeat} runs or {budget:g} s per query, and the ratio of p50 to "
        "the fastest server's",
        "",
        "| query | " + " | ".join(names) + " |",
        "|---|" + "---|" * len(names),
    ]
    for mode, label in (("uncached", ""), ("repeated", ", repeated")):
        for query in QUERIES:
            samples = [getattr(r, mode).get(query) for r in results]
            p50s = [s.p(0.5) for s in samples if s is not None and s.times]
            if not p50s:
                continue
            best = min(p50s)
            cells = [
                _cell(s, best) if r.failure is None else "—"
                for s, r in zip(samples, results, strict=True)
            ]
            lines.append(f"| {query}{label} | " + " | ".join(cells) + " |")
    rates = [r.throughput for r in results if r.throughput]
    best_rate = max(rates) if rates else None
    cells = []
    for r in results:
        if r.throughput is None or not best_rate:
            cells.append(r.failure or "—")
        else:
            cells.append(f"{r.throughput:,.0f}/s ({r.throughput / best_rate:.2f}×)")
    lines.append(
        f"| point lookups per second, {CLIENTS} clients ({seconds:g} s) | "
        + " | ".join(cells)
        + " |"
    )
    lines.append(
        "| load (into its own store) | "
        + " | ".join(f"{r.load_s:,.0f} s" if r.load_s else "—" for r in results)
        + " |"
    )
    lines.append(
        "| start (to the first answer) | "
        + " | ".join(f"{r.start_s:,.1f} s" if r.start_s else (r.failure or "—") for r in results)
        + " |"
    )
    lines.append("| memory, PSS | " + " | ".join(_memory(r, "pss") for r in results) + " |")
    lines.append("| memory, RSS summed | " + " | ".join(_memory(r, "rss") for r in results) + " |")
    return "\n".join(lines)
