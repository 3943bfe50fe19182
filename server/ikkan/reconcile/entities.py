"""What reconciliation knows of each school and place, and the types and properties it offers.

An :class:`Entity` is one school, municipality, designated-city ward or prefecture of the graph,
with what matching and data extension need: its names, kind of school, codes, where it is, its
status in the school-code list, its successor, postal code and Wikidata item. Entities are read
from the graph by the task of :mod:`.graph`; their identifiers are their IRIs less the
identifier space (``…/id/``): ``school/b109210001590``, ``municipality/092088``.

The types are the ontology's classes (a reconciliation type's id is the class's local name in
the schema space ``https://w3id.org/ikkan/ontology#``): one per kind of school of MEXT's list,
``EducationalInstitution`` for any school, ``Municipality``, ``DesignatedCityWard`` and
``Prefecture``. The properties are those a query may give and data extension may fetch, with
the same ids in both (version 0.2 of the API ties the two together).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..national.mext.codes import KINDS

SCHOOL = "school"
MUNICIPALITY = "municipality"
WARD = "ward"
PREFECTURE = "prefecture"
PLACES = frozenset({MUNICIPALITY, WARD, PREFECTURE})

# Statuses, from the school-code list (本校 / 分校 / 廃止) or, where the list says nothing, the
# curated data's own (閉校 / 運営中, as of its source's time).
MAIN, BRANCH, ABOLISHED, CLOSED, OPEN = "main", "branch", "abolished", "closed", "open"
STATUS_NAMES = {
    MAIN: ("本校", "main school"),
    BRANCH: ("分校", "branch school"),
    ABOLISHED: ("廃止", "abolished"),
    CLOSED: ("閉校", "closed"),
    OPEN: ("運営中", "in operation"),
}


@dataclass(slots=True)
class Entity:
    """One school or place, as reconciliation sees it."""

    id: str
    iri: str
    kind: str  # SCHOOL, MUNICIPALITY, WARD or PREFECTURE
    name: str  # the Japanese label shown
    names: tuple[str, ...] = ()  # every Japanese name (label, other labels, the list's name)
    school_kind: str | None = None  # MEXT kind code: B1, C1, C2 …
    code: str | None = None  # school code, or local-government code
    municipality: str | None = None  # id of the school's municipality (a ward's: its city)
    ward: str | None = None  # id of the school's designated-city ward
    prefecture: str | None = None  # id of the prefecture
    status: str | None = None  # MAIN, BRANCH, ABOLISHED, CLOSED, OPEN
    abolished: str | None = None  # ISO date the list gives
    successor: str | None = None  # id of the school the list names as successor
    postal_code: str | None = None
    address: str | None = None
    kana: str | None = None  # reading of a place, in hiragana
    latin: tuple[str, ...] = ()  # romanised and English names (Tochigi, Oyama City)
    wikidata: str | None = None  # Q… of the item the graph links by skos:exactMatch
    founder: str | None = None  # national, public, private
    placed_by_name: bool = False  # municipality read from the name (「…市立」), not the graph

    @property
    def is_school(self) -> bool:
        return self.kind == SCHOOL

    @property
    def is_closed(self) -> bool:
        return self.status in (ABOLISHED, CLOSED)


@dataclass(frozen=True, slots=True)
class TypeInfo:
    """A reconciliation type: an ontology class."""

    id: str
    ja: str
    en: str
    kinds: frozenset[str]  # the entity kinds it admits
    school_kinds: frozenset[str] = frozenset()  # for schools: the MEXT kinds (empty: all)

    @property
    def name(self) -> str:
        return f"{self.ja} ({self.en})"

    def admits(self, entity: Entity) -> bool:
        if entity.kind not in self.kinds:
            return False
        return not (self.school_kinds and entity.school_kind not in self.school_kinds)


def _types() -> dict[str, TypeInfo]:
    school = frozenset({SCHOOL})
    found = {
        k.ontology_class: TypeInfo(k.ontology_class, k.ja, k.en, school, frozenset({code}))
        for code, k in KINDS.items()
    }
    found["School"] = TypeInfo(
        "School",
        "義務教育の学校（小学校・中学校・義務教育学校）",
        "school of compulsory education",
        school,
        frozenset({"B1", "C1", "C2"}),
    )
    found["EducationalInstitution"] = TypeInfo(
        "EducationalInstitution", "学校（すべての学校種）", "school of any kind", school
    )
    found["Municipality"] = TypeInfo(
        "Municipality", "市区町村", "municipality", frozenset({MUNICIPALITY, WARD})
    )
    found["DesignatedCityWard"] = TypeInfo(
        "DesignatedCityWard", "政令指定都市の区", "ward of a designated city", frozenset({WARD})
    )
    found["Prefecture"] = TypeInfo("Prefecture", "都道府県", "prefecture", frozenset({PREFECTURE}))
    return found


TYPES: dict[str, TypeInfo] = _types()
# The types offered first (the manifest's defaultTypes): the schools of compulsory education
# and the places, then any school.
DEFAULT_TYPES = (
    "ElementarySchool",
    "JuniorHighSchool",
    "CompulsoryEducationSchool",
    "SecondaryEducationSchool",
    "SpecialNeedsSchool",
    "EducationalInstitution",
    "Municipality",
    "Prefecture",
)
KIND_TYPES = {k.code: k.ontology_class for k in KINDS.values()}
TYPE_OF_PLACE = {
    MUNICIPALITY: "Municipality",
    WARD: "DesignatedCityWard",
    PREFECTURE: "Prefecture",
}


def type_of(entity: Entity) -> TypeInfo:
    """The most specific type of an entity."""
    if entity.is_school:
        return TYPES[KIND_TYPES.get(entity.school_kind or "", "EducationalInstitution")]
    return TYPES[TYPE_OF_PLACE[entity.kind]]


@dataclass(frozen=True, slots=True)
class PropertyInfo:
    """A property a query may give (``properties``) or data extension may fetch."""

    id: str
    ja: str
    en: str
    kinds: frozenset[str]  # entity kinds it applies to
    query: bool = False  # may be given in a reconciliation query
    extend: bool = True  # may be fetched by data extension
    entity_type: str | None = None  # type of its values, when they are entities
    description: str = ""

    @property
    def name(self) -> str:
        return f"{self.ja} ({self.en})"


_S = frozenset({SCHOOL})
_P = frozenset({MUNICIPALITY, WARD, PREFECTURE})
_ALL = _S | _P

PROPERTIES: dict[str, PropertyInfo] = {
    p.id: p
    for p in (
        PropertyInfo(
            "locatedIn",
            "所在する市区町村",
            "municipality",
            _S,
            query=True,
            entity_type="Municipality",
            description="名称（小山市、小山）、全国地方公共団体コード（092088 または 09208）、"
            "または照合済みの市区町村",
        ),
        PropertyInfo(
            "inPrefecture",
            "都道府県",
            "prefecture",
            _ALL,
            query=True,
            entity_type="Prefecture",
            description="名称（栃木県、栃木）、番号（09）またはコード（090000）",
        ),
        PropertyInfo(
            "schoolKind",
            "学校種",
            "kind of school",
            _S,
            query=True,
            description="小学校、中学校、義務教育学校…、短い形（小、中）、学校コードの学校種（B1、C1、C2…）",
        ),
        PropertyInfo(
            "listStatus",
            "学校コード一覧上の区分",
            "status in the school-code list",
            _S,
            query=True,
            description="本校、分校、廃止（閉校）、または open（本校・分校）",
        ),
        PropertyInfo(
            "postalCode",
            "郵便番号",
            "postal code",
            _S,
            query=True,
            description="7桁（329-0214 の形も可）",
        ),
        PropertyInfo(
            "code",
            "コード",
            "code",
            _ALL,
            query=True,
            description="学校コード（B109210001590）または全国地方公共団体コード（092088）",
        ),
        PropertyInfo("municipalityCode", "市区町村コード", "municipality code", _S),
        PropertyInfo(
            "locatedInWard",
            "所在する区",
            "ward",
            _S,
            entity_type="DesignatedCityWard",
        ),
        PropertyInfo("abolished", "廃止年月日（一覧）", "abolished on (list)", _S),
        PropertyInfo("successor", "移行後の学校", "successor", _S, entity_type="School"),
        PropertyInfo(
            "currentSuccessor",
            "移行先の学校（最終）",
            "successor at the end of the chain",
            _S,
            entity_type="School",
        ),
        PropertyInfo("address", "所在地（一覧）", "address (list)", _S),
        PropertyInfo("wikidata", "Wikidata ID", "Wikidata ID", _P),
        PropertyInfo(
            "municipalityWikidata", "市区町村の Wikidata ID", "Wikidata ID of the municipality", _S
        ),
        PropertyInfo("kanaReading", "読み", "kana reading", _P),
        PropertyInfo(
            "wardOf",
            "区が属する市",
            "city of the ward",
            frozenset({WARD}),
            entity_type="Municipality",
        ),
    )
}

# Other names clients and people give the query properties.
PROPERTY_ALIASES: dict[str, str] = {
    "municipality": "locatedIn",
    "city": "locatedIn",
    "市区町村": "locatedIn",
    "市町村": "locatedIn",
    "自治体": "locatedIn",
    "prefecture": "inPrefecture",
    "都道府県": "inPrefecture",
    "kind": "schoolKind",
    "type": "schoolKind",
    "学校種": "schoolKind",
    "status": "listStatus",
    "区分": "listStatus",
    "postal_code": "postalCode",
    "zip": "postalCode",
    "郵便番号": "postalCode",
    "schoolCode": "code",
    "localGovernmentCode": "code",
    "学校コード": "code",
    "municipalityCode": "locatedIn",
}
