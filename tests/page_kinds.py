"""The pages of every kind that the site serves, for tests that must look at each kind.

:data:`SITE_PAGES` are the site's own pages (home, search, class listings, ontology, downloads,
data set description, SPARQL, the query page with a wide answer, a 404 page);
:func:`entity_pages` picks, for every kind of entity (``/id/<kind>/…``), the one whose longest
value (a URL, an IRI, a passage) is longest — the hardest of its kind to lay out.
"""

from __future__ import annotations

import pyoxigraph as ox

from .conftest import select

BASE = "https://w3id.org/ikkan/"
SITE_PAGES = (
    "/",
    "/search?q=乙女",
    "/search?q=otome",
    "/class/School",
    "/class/SourceSection",
    "/ontology",
    "/downloads",
    "/.well-known/void",
    "/sparql",
    "/query",
    "/query?example=02-city-population-and-school-counts",
    "/page/no-such-thing",
)


def entity_pages(store: ox.Store) -> list[str]:
    """For each kind of entity, the page of the one with the longest value."""
    rows = select(
        store,
        f"""SELECT ?s (MAX(STRLEN(STR(?o))) AS ?longest) WHERE {{
          ?s ?p ?o FILTER(STRSTARTS(STR(?s), "{BASE}id/")) }} GROUP BY ?s""",
    )
    best: dict[str, tuple[int, str]] = {}
    for row in rows:
        path = row["s"][len(BASE) + len("id/") :]
        kind = path.split("/", 1)[0]
        longest = int(row["longest"])
        if kind not in best or (longest, path) > best[kind]:
            best[kind] = (longest, path)
    return sorted("/page/" + path for _, path in best.values())
