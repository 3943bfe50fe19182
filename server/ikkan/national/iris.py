"""The IRIs the national layer mints, all built from official codes.

Under the configurable base (``https://w3id.org/ikkan/``):

- ``id/prefecture/090000`` and ``id/municipality/092088``: the six-digit 全国地方公共団体コード
  with its check digit, the form ``data/oyama`` already uses (so 栃木県 and 小山市 are the same
  entities in both layers); ``id/ward/011011`` for a ward of a designated city (a ward is not a
  local government, so not a municipality);
- ``id/school/b109210001590``: the MEXT school code in lower case; a code that curated data
  already gives to an entity (``data/oyama/links.ttl``: ``school:092088-otome-es
  ikkan:schoolCode "B109210001590"``) keeps that entity's IRI, so one school is one entity;
- ``id/registry-record/mext-B109210001590``: the list's row about a school, the form
  ``data/oyama/later-sources.ttl`` already uses (the code as the list writes it);
- ``id/merger/mext-b109210003507-2022-05-01`` (successor and date of a merger event), and
  the concepts ``id/school-kind/b1``, ``id/founder-category/public``, ``id/list-status/abolished``
  with their schemes under ``id/scheme/``;
- graphs ``graph/<layer>`` beside ``graph/oyama``.

A code names one thing for ever, so an IRI built from it never changes meaning across
rebuilds or editions of the list. Slugs contain no characters that need escaping.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from ..namespaces import WD

ESTAT_SAC = "http://data.e-stat.go.jp/lod/sac/C"
WIKIDATA_ENTITY = str(WD)


class Iris:
    """Mints the national layer's IRIs under one base."""

    def __init__(self, base: str, curated_schools: Mapping[str, str] | None = None) -> None:
        self.base = base
        self.id = base + "id/"
        self.curated_schools = dict(curated_schools or {})

    def graph(self, name: str) -> str:
        return f"{self.base}graph/{name}"

    def prefecture(self, code: str) -> str:
        return f"{self.id}prefecture/{code}"

    def municipality(self, code: str) -> str:
        return f"{self.id}municipality/{code}"

    def ward(self, code: str) -> str:
        return f"{self.id}ward/{code}"

    def school(self, code: str) -> str:
        curated = self.curated_schools.get(code)
        return curated if curated is not None else f"{self.id}school/{code.lower()}"

    def record(self, code: str) -> str:
        return f"{self.id}registry-record/mext-{code}"

    def merger(self, successor: str, closed_on: date) -> str:
        return f"{self.id}merger/mext-{successor.lower()}-{closed_on.isoformat()}"

    def concept(self, scheme: str, slug: str) -> str:
        return f"{self.id}{scheme}/{slug}"

    def scheme(self, scheme: str) -> str:
        return f"{self.id}scheme/{scheme}"

    def identifier_source(self, slug: str) -> str:
        return f"{self.id}identifier-source/{slug}"

    @staticmethod
    def estat(code: str) -> str:
        """e-Stat's standard-area IRI (undated form) of a six-digit local-government code."""
        return ESTAT_SAC + code[:5]

    @staticmethod
    def wikidata(qid: str) -> str:
        return WIKIDATA_ENTITY + qid
