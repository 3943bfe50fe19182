"""Linking one row of a researcher's table: what ``ikkan link`` adds to it.

A row's name (and municipality, kind, prefecture or postal code, when the table has them) is one
reconciliation query, matched exactly as ``/reconcile`` matches it. The columns added:

=============================  ==============================================================
``ikkan_match``                ``yes`` (one school or place is certain), ``review`` (candidates,
                               none certain) or ``none`` (no candidate)
``ikkan_iri``                  the entity's IRI — only for ``yes``: an uncertain row is never
                               guessed
``ikkan_name``                 its name in the graph
``ikkan_school_code``          MEXT's school code (学校コード)
``ikkan_municipality_code``    the 全国地方公共団体コード of the school's municipality (or of
                               the place itself)
``ikkan_wikidata``             the Wikidata item the graph links (a place's own; for a school,
                               its municipality's)
``ikkan_score``                the best candidate's score (0–100)
``ikkan_candidates``           how many candidates there were
``ikkan_note``                 why: a closed school and where its successor chain ends; for
                               ``review``, the best candidates with their codes and scores
=============================  ==============================================================
"""

from __future__ import annotations

from dataclasses import dataclass

from .entities import SCHOOL, STATUS_NAMES, Entity
from .index import Index
from .matching import SUCCESSOR, Candidate
from .query import Query

COLUMNS = (
    "ikkan_match",
    "ikkan_iri",
    "ikkan_name",
    "ikkan_school_code",
    "ikkan_municipality_code",
    "ikkan_wikidata",
    "ikkan_score",
    "ikkan_candidates",
    "ikkan_note",
)
YES, REVIEW, NONE = "yes", "review", "none"
SHOWN_FOR_REVIEW = 3


@dataclass(frozen=True)
class RowInput:
    name: str
    municipality: str = ""
    kind: str = ""
    prefecture: str = ""
    postal_code: str = ""

    def query(self, limit: int = 10) -> Query:
        properties: dict[str, list[str | int | float | bool | dict[str, str]]] = {}
        for pid, value in (
            ("locatedIn", self.municipality),
            ("schoolKind", self.kind),
            ("inPrefecture", self.prefecture),
            ("postalCode", self.postal_code),
        ):
            if value.strip():
                properties[pid] = [value]
        return Query("row", text=self.name, limit=limit, properties=properties)


def _label(index: Index, entity: Entity) -> str:
    code = f" {entity.code}" if entity.code else ""
    where = index.place_name(entity)
    return f"{entity.name}{code}" + (f"（{where}）" if where and entity.kind == SCHOOL else "")


def _closed_note(index: Index, entity: Entity) -> str:
    if not entity.is_closed:
        return ""
    status = STATUS_NAMES[entity.status or "closed"][0]
    note = f"{status} {entity.abolished}" if entity.abolished else status
    chain = index.successor_chain(entity)
    if chain:
        note += "; 移行先 " + " → ".join(_label(index, e) for e in chain)
    return note


def columns_for(index: Index, candidates: list[Candidate]) -> list[str]:
    """The values of :data:`COLUMNS` for a row whose query gave ``candidates``."""
    own = [c for c in candidates if c.level != SUCCESSOR]
    if not own:
        return [NONE, "", "", "", "", "", "", "0", ""]
    best = own[0]
    chosen = next((c for c in own if c.match), None)
    if chosen is None:
        shown = "; ".join(f"{_label(index, c.entity)} {c.score:g}" for c in own[:SHOWN_FOR_REVIEW])
        return [REVIEW, "", "", "", "", "", f"{best.score:g}", str(len(own)), shown]
    entity = chosen.entity
    municipality = index.entities.get(entity.municipality or "") if entity.is_school else entity
    place = municipality if municipality is not None else entity
    wikidata = entity.wikidata or (municipality.wikidata if municipality is not None else None)
    return [
        YES,
        entity.iri,
        entity.name,
        entity.code or "" if entity.is_school else "",
        (place.code or "") if place.kind != "prefecture" else "",
        wikidata or "",
        f"{chosen.score:g}",
        str(len(own)),
        _closed_note(index, entity),
    ]
