"""Reading every school and place from the graph: one task, run once per data set version.

:func:`read_entities` runs in a query process (:mod:`ikkan.store.tasks`) and asks the graph a
handful of plain questions, each answered in one pass over the schools or the places (no
question returns more rows than there are schools or names), then joins the answers here:

- schools: every instance of a kind-of-school class (ikkan:ElementarySchool … as the MEXT layer
  and curated data type them) with its Japanese label, school code, status in the list
  (ikkan:listStatus), founder category and curated status (ikkan:status);
- the registry records of the school-code list (ikkan:recordOf): the name, postal code, address,
  status, abolition date and successor as the list writes them — also what a curated school's
  record says (data/oyama/later-sources.ttl);
- other Japanese names (skos:altLabel), the municipality and ward (ikkan:locatedIn,
  ikkan:locatedInWard; ikkan:municipality in curated data), successors (ikkan:successor, and
  the resulting school of a completed ikkan:SchoolMerger);
- prefectures, municipalities and wards with their codes, readings, other names, romanised
  names, prefecture, city, and Wikidata items (skos:exactMatch).

What the list records wins over a curated status, which is dated to its source's time.
"""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox

from ..namespaces import IKKAN, WD
from ..national.mext.codes import KINDS
from ..store.base import Store
from ..store.tasks import task
from .entities import (
    ABOLISHED,
    BRANCH,
    CLOSED,
    MAIN,
    MUNICIPALITY,
    OPEN,
    PREFECTURE,
    SCHOOL,
    WARD,
    Entity,
)

_PREFIXES = """PREFIX ikkan: <https://w3id.org/ikkan/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
"""
_CLASSES = " ".join(f"ikkan:{k.ontology_class}" for k in KINDS.values())
_SCHOOL = f"VALUES ?class {{ {_CLASSES} }} ?s a ?class ."
_PLACE = (
    "VALUES ?class { ikkan:Municipality ikkan:DesignatedCityWard ikkan:Prefecture } ?s a ?class ."
)

SCHOOLS = f"""{_PREFIXES}SELECT ?s ?class ?label ?code ?listStatus ?founder ?status WHERE {{
  {_SCHOOL}
  OPTIONAL {{ ?s rdfs:label ?label FILTER(lang(?label) = "ja") }}
  OPTIONAL {{ ?s ikkan:schoolCode ?code }}
  OPTIONAL {{ ?s ikkan:listStatus ?listStatus }}
  OPTIONAL {{ ?s ikkan:founderCategory ?founder }}
  OPTIONAL {{ ?s ikkan:status ?status }}
}}"""
RECORDS = f"""{_PREFIXES}SELECT ?s ?name ?postal ?address ?state ?abolished ?successor WHERE {{
  {_SCHOOL}
  ?r ikkan:recordOf ?s .
  OPTIONAL {{ ?r ikkan:nameInRecord ?name }}
  OPTIONAL {{ ?r ikkan:postalCodeInRecord ?postal }}
  OPTIONAL {{ ?r ikkan:addressInRecord ?address }}
  OPTIONAL {{ ?r ikkan:statusInRecord ?state }}
  OPTIONAL {{ ?r ikkan:abolishedInRecord ?abolished }}
  OPTIONAL {{ ?r ikkan:successorInRecord ?successor }}
}}"""
SCHOOL_NAMES = f"""{_PREFIXES}SELECT ?s ?name WHERE {{
  {_SCHOOL}
  ?s skos:altLabel ?name FILTER(lang(?name) = "ja")
}}"""
SCHOOL_PLACES = f"""{_PREFIXES}SELECT ?s ?m ?w WHERE {{
  {_SCHOOL}
  {{ ?s ikkan:locatedIn ?m }} UNION {{ ?s ikkan:municipality ?m }}
  OPTIONAL {{ ?s ikkan:locatedInWard ?w }}
}}"""
SUCCESSORS = f"""{_PREFIXES}SELECT ?s ?t WHERE {{
  {{ ?s ikkan:successor ?t }}
  UNION
  {{ ?e a ikkan:SchoolMerger ; ikkan:mergedSchool ?s ; ikkan:resultingSchool ?t ;
        ikkan:status ?done FILTER(STRENDS(STR(?done), "/status/completed")) }}
}}"""
PLACES = f"""{_PREFIXES}SELECT ?s ?class ?label ?code ?kana ?prefecture ?city WHERE {{
  {_PLACE}
  OPTIONAL {{ ?s rdfs:label ?label FILTER(lang(?label) = "ja") }}
  OPTIONAL {{ ?s ikkan:localGovernmentCode ?code }}
  OPTIONAL {{ ?s ikkan:kanaReading ?kana }}
  OPTIONAL {{ ?s ikkan:inPrefecture ?prefecture }}
  OPTIONAL {{ ?s ikkan:wardOf ?city }}
}}"""
PLACE_NAMES = f"""{_PREFIXES}SELECT ?s ?name WHERE {{
  {_PLACE}
  {{ ?s skos:altLabel ?name FILTER(lang(?name) = "ja") }}
  UNION {{ ?s rdfs:label ?name FILTER(lang(?name) = "ja-Latn" || lang(?name) = "en") }}
}}"""
WIKIDATA = f"""{_PREFIXES}SELECT ?s ?item WHERE {{
  ?s skos:exactMatch ?item FILTER(STRSTARTS(STR(?item), "{WD}Q"))
}}"""

_CLASS_KIND = {str(IKKAN[k.ontology_class]): code for code, k in KINDS.items()}
_PLACE_KIND = {
    str(IKKAN.Municipality): MUNICIPALITY,
    str(IKKAN.DesignatedCityWard): WARD,
    str(IKKAN.Prefecture): PREFECTURE,
}
_LIST_STATUS = {"main": MAIN, "branch": BRANCH, "abolished": ABOLISHED}
_RECORD_STATUS = {"本校": MAIN, "分校": BRANCH, "廃止": ABOLISHED}
_CURATED_STATUS = {"closed": CLOSED, "in-operation": OPEN}


def _value(solution: ox.QuerySolution, name: str) -> str | None:
    term = solution[name]
    return None if term is None else str(term.value)


def _tail(iri: str | None) -> str:
    return iri.rstrip("/").rsplit("/", 1)[-1] if iri else ""


class _Reader:
    def __init__(self, store: Store, base: str) -> None:
        self.store = store
        self.space = base + "id/"
        self.found: dict[str, Entity] = {}

    def ident(self, iri: str | None) -> str | None:
        if iri and iri.startswith(self.space) and len(iri) > len(self.space):
            return iri[len(self.space) :]
        return None

    def rows(self, query: str) -> Iterable[ox.QuerySolution]:
        return self.store.select(query)

    def entity(self, iri: str | None) -> Entity | None:
        ident = self.ident(iri)
        return self.found.get(ident) if ident else None

    def schools(self) -> None:
        names: dict[str, list[str]] = {}
        for row in self.rows(SCHOOLS):
            iri = _value(row, "s")
            ident = self.ident(iri)
            if iri is None or ident is None:
                continue
            entity = self.found.get(ident)
            if entity is None:
                kind = _CLASS_KIND.get(_value(row, "class") or "")
                entity = self.found[ident] = Entity(ident, iri, SCHOOL, "", school_kind=kind)
            label = _value(row, "label")
            if label:
                names.setdefault(ident, [])
                if label not in names[ident]:
                    names[ident].append(label)
            entity.code = entity.code or _value(row, "code")
            listed = _LIST_STATUS.get(_tail(_value(row, "listStatus")))
            curated = _CURATED_STATUS.get(_tail(_value(row, "status")))
            entity.status = listed or entity.status or curated
            entity.founder = entity.founder or (_tail(_value(row, "founder")) or None)
        for row in self.rows(RECORDS):
            entity = self.entity(_value(row, "s"))
            if entity is None:
                continue
            name = _value(row, "name")
            if name and name not in names.setdefault(entity.id, []):
                names[entity.id].append(name)
            entity.postal_code = entity.postal_code or _value(row, "postal")
            entity.address = entity.address or _value(row, "address")
            stated = _RECORD_STATUS.get(_value(row, "state") or "")
            if stated and entity.status not in (MAIN, BRANCH, ABOLISHED):
                entity.status = stated
            entity.abolished = entity.abolished or _value(row, "abolished")
            entity.successor = entity.successor or self.ident(_value(row, "successor"))
        for row in self.rows(SCHOOL_NAMES):
            entity = self.entity(_value(row, "s"))
            name = _value(row, "name")
            if entity is not None and name and name not in names.setdefault(entity.id, []):
                names[entity.id].append(name)
        for row in self.rows(SCHOOL_PLACES):
            entity = self.entity(_value(row, "s"))
            if entity is None:
                continue
            entity.municipality = entity.municipality or self.ident(_value(row, "m"))
            entity.ward = entity.ward or self.ident(_value(row, "w"))
        for row in self.rows(SUCCESSORS):
            entity = self.entity(_value(row, "s"))
            if entity is not None and entity.successor is None:
                entity.successor = self.ident(_value(row, "t"))
        for ident, entity in self.found.items():
            if entity.kind == SCHOOL:
                found = names.get(ident, [])
                entity.name = found[0] if found else (entity.code or ident)
                entity.names = tuple(found)

    def places(self) -> None:
        names: dict[str, list[str]] = {}
        for row in self.rows(PLACES):
            iri = _value(row, "s")
            ident = self.ident(iri)
            kind = _PLACE_KIND.get(_value(row, "class") or "")
            if iri is None or ident is None or kind is None:
                continue
            entity = self.found.get(ident)
            if entity is None:
                entity = self.found[ident] = Entity(ident, iri, kind, "")
            label = _value(row, "label")
            if label and label not in names.setdefault(ident, []):
                names[ident].append(label)
            entity.code = entity.code or _value(row, "code")
            entity.kana = entity.kana or _value(row, "kana")
            entity.prefecture = entity.prefecture or self.ident(_value(row, "prefecture"))
            entity.municipality = entity.municipality or self.ident(_value(row, "city"))
        for row in self.rows(PLACE_NAMES):
            entity = self.entity(_value(row, "s"))
            name = _value(row, "name")
            if entity is None or not name:
                continue
            if name.isascii():
                if name not in entity.latin:
                    entity.latin = (*entity.latin, name)
            elif name not in names.setdefault(entity.id, []):
                names[entity.id].append(name)
        for ident, entity in self.found.items():
            if entity.kind != SCHOOL:
                found = names.get(ident, [])
                entity.name = found[0] if found else (entity.code or ident)
                entity.names = tuple(found)
                if entity.kind == PREFECTURE:
                    entity.prefecture = ident

    def links(self) -> None:
        for row in self.rows(WIKIDATA):
            entity = self.entity(_value(row, "s"))
            item = _value(row, "item")
            if entity is not None and item and entity.wikidata is None:
                entity.wikidata = item[len(str(WD)) :]


@task("reconcile_entities")
def read_entities(store: Store, *, base: str) -> list[Entity]:
    """Every school and place of the graph, for the reconciliation index."""
    reader = _Reader(store, base)
    reader.schools()
    reader.places()
    reader.links()
    return list(reader.found.values())
