"""Search finds the same things however a name is spelled: with spaces or hyphens, with or
without macrons, in full- or half-width forms — on both backends, through the real server."""

from __future__ import annotations

import pytest
import requests

from ..support import Server
from .test_pages import search_json

BASE = "https://w3id.org/ikkan/"
HERITAGE = BASE + "id/heritage/honba-yuki-tsumugi"  # 本場結城紬 (source, 絹 section 3)

SPELLINGS = (
    ("yuki-tsumugi", "yuki tsumugi", "yukitsumugi", "Yūki Tsumugi", "ＹＵＫＩ　ＴＳＵＭＵＧＩ"),
    ("結城紬", "結城 紬", "結城・紬"),
    ("chugakko", "chūgakkō", "chu-gakko", "ＣＨＵＧＡＫＫＯ"),
)


def found(site: Server, q: str) -> list[str]:
    results = search_json(site, q)["results"]
    assert isinstance(results, list)
    return [str(r["iri"]) for r in results]


@pytest.mark.parametrize("spellings", SPELLINGS, ids=lambda s: s[0])
def test_spellings_of_a_name_find_the_same(site: Server, spellings: tuple[str, ...]) -> None:
    first = found(site, spellings[0])
    assert first, spellings[0]
    for other in spellings[1:]:
        assert found(site, other) == first, other
    if "tsumugi" in spellings[0] or "紬" in spellings[0]:
        assert HERITAGE in first


def test_separators_alone_are_an_empty_query(site: Server) -> None:
    params = {"q": " - ・ ", "format": "json"}
    answer = requests.get(site.base + "/search", params=params, timeout=30)
    assert answer.status_code == 400 and "Empty query" in answer.text
