"""What the preview of an entity shows: the small page a client puts in an iframe beside a
candidate (OpenRefine shows it on hovering a candidate).

For a school: its name, kind, where it is, its status in the list (and the date it was
abolished), its code, postal code and address, the schools its successor chain leads to and the
schools that closed into it; for a place: its kind, prefecture, code, reading and Wikidata item.
The web layer renders it (autoescaped) with a link to the entity's page.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..national.mext.codes import KINDS
from .entities import STATUS_NAMES, Entity, type_of
from .index import Index


@dataclass
class Preview:
    entity: Entity
    type_name: str
    place: str
    facts: list[tuple[str, str]] = field(default_factory=list)  # (label, value)
    successors: list[Entity] = field(default_factory=list)
    predecessors: list[Entity] = field(default_factory=list)


def preview(index: Index, entity_id: str) -> Preview | None:
    entity = index.entities.get(entity_id)
    if entity is None:
        return None
    found = Preview(entity, type_of(entity).ja, index.place_name(entity))
    facts = found.facts
    if entity.is_school:
        if entity.school_kind:
            facts.append(("学校種", f"{KINDS[entity.school_kind].ja}（{entity.school_kind}）"))
        if entity.status:
            status = STATUS_NAMES[entity.status][0]
            when = f"（{entity.abolished}）" if entity.abolished else ""
            facts.append(("区分", status + when))
        if entity.code:
            facts.append(("学校コード", entity.code))
        if entity.postal_code:
            facts.append(("郵便番号", f"〒{entity.postal_code[:3]}-{entity.postal_code[3:]}"))
        if entity.address:
            facts.append(("所在地", " ".join(entity.address.split())))
        found.successors = index.successor_chain(entity)
        found.predecessors = [index.entities[i] for i in index.predecessors.get(entity.id, [])]
    else:
        if entity.code:
            facts.append(("全国地方公共団体コード", entity.code))
        if entity.kana:
            facts.append(("読み", entity.kana))
        if entity.wikidata:
            facts.append(("Wikidata", entity.wikidata))
    return found
