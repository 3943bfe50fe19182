"""Latency of the SPARQL endpoint over real HTTP, on the built store.

Starts ``ikkan serve`` on a free loopback port against the store the settings name, sends
three typical queries — a point lookup of one subject, a SELECT joining types and labels, and
a COUNT … GROUP BY over every typed subject — each ``repeat`` times over a keep-alive
connection after a warm-up, and prints the median and 90th percentile per query. Run with
``ikkan bench endpoint_latency [--repeat N] [--build-dir DIR | --store-url URL]``.
"""

from __future__ import annotations

import http.client
import json
import statistics
import sys
import time
import urllib.parse

from ikkan.settings import Settings
from ikkan.web.launch import RunningServer, start_server

QUERIES: dict[str, str] = {
    "point lookup": "SELECT ?p ?o WHERE {{ <{subject}> ?p ?o }}",
    "join (type + label)": (
        "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
        "SELECT ?s ?type ?label WHERE { ?s a ?type ; rdfs:label ?label } LIMIT 100"
    ),
    "aggregate (COUNT/GROUP BY)": (
        "SELECT ?type (COUNT(?s) AS ?n) WHERE { ?s a ?type } GROUP BY ?type ORDER BY DESC(?n)"
    ),
}


def _start_server(settings: Settings) -> RunningServer:
    return start_server(
        {
            "IKKAN_PROJECT_DIR": str(settings.project_dir),
            "IKKAN_BUILD_DIR": str(settings.build_path),
            "IKKAN_STORE_URL": settings.store_url,
            "IKKAN_IN_MEMORY": "true" if settings.in_memory else "false",
        }
    )


def _ask(connection: http.client.HTTPConnection, query: str) -> tuple[int, bytes]:
    body = urllib.parse.urlencode({"query": query})
    connection.request(
        "POST",
        "/sparql",
        body=body,
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Accept": "application/sparql-results+json",
        },
    )
    response = connection.getresponse()
    return response.status, response.read()


def _wait_ready(port: int) -> http.client.HTTPConnection:
    deadline = time.monotonic() + 60
    while True:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            status, _ = _ask(connection, "ASK {}")
            if status == 200:
                return connection
        except OSError:
            pass
        if time.monotonic() > deadline:
            raise RuntimeError("the server does not answer")
        time.sleep(0.2)


def run(settings: Settings, repeat: int) -> int:
    if not settings.store_url and not (settings.store_path / "CURRENT").is_file():
        print(f"No store at {settings.store_path}: run `ikkan build` first.", file=sys.stderr)
        return 2
    server = _start_server(settings)
    port = server.port
    try:
        connection = _wait_ready(port)
        status, data = _ask(connection, "SELECT ?s WHERE { ?s a ?type } LIMIT 1")
        bindings = json.loads(data)["results"]["bindings"] if status == 200 else []
        if not bindings:
            print("The store has no typed subject to look up.", file=sys.stderr)
            return 1
        subject = bindings[0]["s"]["value"]
        print(f"server http://127.0.0.1:{port}/sparql, {repeat} runs per query after warm-up")
        print(f"{'query':<28} {'median ms':>10} {'p90 ms':>10} {'rows':>7}")
        for name, template in QUERIES.items():
            query = template.format(subject=subject) if "{subject}" in template else template
            for _ in range(3):
                _ask(connection, query)
            times = []
            rows = 0
            for _ in range(repeat):
                start = time.perf_counter()
                status, data = _ask(connection, query)
                times.append((time.perf_counter() - start) * 1000)
                if status != 200:
                    print(f"{name}: HTTP {status}: {data[:200]!r}", file=sys.stderr)
                    return 1
                rows = len(json.loads(data)["results"]["bindings"])
            p90 = statistics.quantiles(times, n=10)[-1] if len(times) > 1 else times[0]
            print(f"{name:<28} {statistics.median(times):>10.2f} {p90:>10.2f} {rows:>7}")
        connection.close()
    finally:
        server.stop()
    return 0
