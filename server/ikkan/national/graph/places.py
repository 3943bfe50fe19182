"""The municipalities graph: prefectures, municipalities and designated-city wards.

Each gets its class, its 全国地方公共団体コード, its Japanese name (unless curated data already
labels it, as ``data/oyama/city.ttl`` does 小山市 and 栃木県), its kana reading
(ikkan:kanaReading, tagged ``ja-Hira``) and the file it was read from; a prefecture also its
short name (栃木, the label MEXT's list uses), its romanised name (``@ja-Latn``) and its ISO
3166-2 code; a municipality its prefecture; a ward its city (ikkan:wardOf), its own short name
and reading.
"""

from __future__ import annotations

from ..iris import Iris
from ..localgov import LocalGovernments
from . import terms as t
from .quads import GraphWriter


def write_places(
    w: GraphWriter,
    iris: Iris,
    governments: LocalGovernments,
    prefecture_source: str,
    municipality_source: str,
    labelled: frozenset[str] = frozenset(),
) -> None:
    """Every prefecture, municipality and ward of ``governments``."""
    for p in sorted(governments.prefectures.values(), key=lambda p: p.code):
        node = w.node(iris.prefecture(p.code))
        w.add(node, t.TYPE, t.PREFECTURE)
        if node[1:-1] not in labelled:
            w.text(node, t.LABEL, p.name, "ja")
            w.text(node, t.LABEL, p.romanised, "ja-Latn")
        w.text(node, t.ALT_LABEL, p.short_name, "ja")
        w.text(node, t.KANA_READING, p.kana, "ja-Hira")
        w.string(node, t.LOCAL_GOVERNMENT_CODE, p.code)
        w.string(node, t.ISO3166_2, p.iso3166_2)
        w.add(node, t.IDENTIFIER_SOURCE, prefecture_source)
    for m in sorted(governments.municipalities.values(), key=lambda m: m.code):
        if m.city is None:
            node = w.node(iris.municipality(m.code))
            w.add(node, t.TYPE, t.MUNICIPALITY)
            w.add(node, t.IN_PREFECTURE, w.node(iris.prefecture(m.prefecture)))
        else:
            node = w.node(iris.ward(m.code))
            w.add(node, t.TYPE, t.WARD)
            w.add(node, t.WARD_OF, w.node(iris.municipality(m.city)))
            w.text(node, t.ALT_LABEL, m.own_name, "ja")
        if node[1:-1] not in labelled:
            w.text(node, t.LABEL, m.name, "ja")
        w.text(node, t.KANA_READING, m.kana, "ja-Hira")
        w.string(node, t.LOCAL_GOVERNMENT_CODE, m.code)
        w.add(node, t.IDENTIFIER_SOURCE, municipality_source)


def place_node(iris: Iris, governments: LocalGovernments, code: str) -> str:
    """The IRI of the municipality or ward with local-government code ``code``."""
    return iris.ward(code) if governments.municipalities[code].is_ward else iris.municipality(code)
