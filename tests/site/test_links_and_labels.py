"""Links go to this server for our IRIs and out for others; labels follow the reader's language.

The label service is exercised through the real store interface on the real build: the
reader's language first, then Japanese, then English, and a readable last segment when an IRI
has no label at all.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from ikkan.settings import Settings
from ikkan.site.labels import choose, fallback_label, fetch_labels
from ikkan.site.links import href, local_path
from ikkan.store import Store, open_store

BASE = "https://w3id.org/ikkan/"


@pytest.mark.parametrize(
    ("iri", "path"),
    [
        (BASE + "id/school/092088-kinu-ces", "/id/school/092088-kinu-ces"),
        ("https://w3id.org/ikkan/ontology#School", "/ontology#School"),
        ("https://w3id.org/ikkan/ontology", "/ontology"),
        (BASE + "graph/oyama", "/graph/oyama"),
        ("http://www.wikidata.org/entity/Q44843", None),
        (BASE + "elsewhere", None),
    ],
)
def test_local_paths(iri: str, path: str | None) -> None:
    assert local_path(iri, BASE) == path
    assert href(iri, BASE) == (path or iri)


def test_language_preference_and_fallback() -> None:
    candidates = [
        ("Oyama City", "en", "http://www.w3.org/2000/01/rdf-schema#label"),
        ("小山市", "ja", "http://www.w3.org/2000/01/rdf-schema#label"),
        ("Oyama-shi", "ja-Latn", "http://www.w3.org/2000/01/rdf-schema#label"),
    ]
    assert choose(candidates, "en") == ("Oyama City", "en")
    assert choose(candidates, "ja") == ("小山市", "ja")
    assert choose(candidates[2:], "en") == ("Oyama-shi", "ja-Latn")
    assert choose([], "ja") is None
    assert fallback_label("https://w3id.org/ikkan/id/school/092088-kinu-ces") == "092088-kinu-ces"
    assert fallback_label("https://w3id.org/ikkan/ontology#School") == "School"


@pytest.fixture(scope="module")
def real_store(built: Settings) -> Iterator[Store]:
    store = open_store(built)
    yield store
    store.close()


def test_labels_from_the_real_store(real_store: Store) -> None:
    school = BASE + "id/school/092088-kinu-ces"
    grade = BASE + "id/grade/7"
    unlabelled = BASE + "id/nothing-here"
    en = fetch_labels(real_store, [school, grade, unlabelled], "en")
    assert en[school] == ("Kinu Compulsory Education School", "en")
    assert en[grade] == ("Grade 7 (junior high year 1)", "en")
    assert unlabelled not in en
    ja = fetch_labels(real_store, [school], "ja")
    assert ja[school] == ("絹義務教育学校", "ja")
    person = BASE + "id/person/092088-yamada-nobuo"  # has no English label: falls back to ja
    assert fetch_labels(real_store, [person], "en")[person] == ("山田信夫", "ja")
