"""The link sets: schools to municipalities, municipalities to Wikidata and to e-Stat.

- school → municipality (ikkan:locatedIn; ikkan:locatedInWard for a designated city's ward),
  from matching the address against the code list (:mod:`..placement`);
- municipality or ward → Wikidata item, ``skos:exactMatch``, from the P429 snapshot. Not
  ``owl:sameAs``: that would make every statement of the Wikidata item (hundreds of labels,
  claims that change weekly) a statement about our entity, and a merged or split item would
  silently merge or split ours; the curated layer already links 栃木県 by ``skos:exactMatch``;
- municipality or ward → e-Stat standard-area IRI ``http://data.e-stat.go.jp/lod/sac/C<5
  digits>``, ``skos:closeMatch``: the undated IRI names the area code across its dated versions
  (an area code's extent changes with mergers), ours the municipality of the list's date, so
  the two are close, not interchangeable.
"""

from __future__ import annotations

from collections.abc import Mapping

from ..addresses import Placement
from ..iris import Iris
from ..localgov import LocalGovernments
from ..wikidata import WikidataLink
from . import terms as t
from .places import place_node
from .quads import GraphWriter


def write_placements(w: GraphWriter, iris: Iris, placed: Mapping[str, Placement]) -> None:
    for code, placement in sorted(placed.items()):
        school = w.node(iris.school(code))
        w.add(school, t.LOCATED_IN, w.node(iris.municipality(placement.municipality)))
        if placement.ward is not None:
            w.add(school, t.LOCATED_IN_WARD, w.node(iris.ward(placement.ward)))


def write_wikidata(
    w: GraphWriter,
    iris: Iris,
    governments: LocalGovernments,
    links: Mapping[str, WikidataLink],
    source: str,
) -> list[str]:
    """The links of the codes the list knows; the codes it does not know are returned."""
    unknown = []
    for code, link in sorted(links.items()):
        if code not in governments.municipalities:
            unknown.append(code)
            continue
        node = w.node(place_node(iris, governments, code))
        w.add(node, t.EXACT_MATCH, w.node(iris.wikidata(link.qid)))
        w.add(node, t.IDENTIFIER_SOURCE, source)
    return unknown


def write_estat(w: GraphWriter, iris: Iris, governments: LocalGovernments) -> None:
    for code in sorted(governments.municipalities):
        node = w.node(place_node(iris, governments, code))
        w.add(node, t.CLOSE_MATCH, w.node(iris.estat(code)))
