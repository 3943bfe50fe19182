"""What the national research questions should answer, counted from the list files themselves.

The tests of ``queries/`` questions on the national layer compare each answer with figures this
module computes straight from the CSV files the build read (the MEXT school-code list, the
local-government list, the Wikidata link table), with the csv module and nothing of the build:
a school is placed in the municipality whose name follows its prefecture's name at the start of
its address (after a district or subprefecture name, 郡 or 支庁, where one stands there), and a
chain of successors is followed code by code. Nothing here is a number typed by hand.

The curated data also holds entries of the list for the seed's schools
(``data/oyama/later-sources.ttl``); they are in the graph with or without the national layer,
so :func:`curated_entries` reads them (with rdflib, from the data file) and :func:`list_rows`
adds those the list files lack. :func:`curated_facts` reads what the seed states of those
schools: their labels, statuses and the mergers it plans or reports.
"""

from __future__ import annotations

import csv
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, RDFS, SKOS
from rdflib.term import Node

PROJECT = Path(__file__).resolve().parents[2]
OYAMA = PROJECT / "data" / "oyama"
IKKAN = Namespace("https://w3id.org/ikkan/ontology#")
KIND_LABELS = {"B1": "小学校", "C1": "中学校", "C2": "義務教育学校"}
STATUS_LABELS = {"1": "本校", "2": "分校", "9": "廃止"}
TOCHIGI = "090000"
OYAMA_CODE = "092088"


@dataclass(frozen=True)
class School:
    """One row of the school-code list, as far as the questions use it."""

    code: str
    name: str
    kind: str  # B1, C1, C2, …
    status: str  # 1 main, 2 branch, 9 abolished
    address: str
    abolished: str  # ISO date or ""
    successor: str  # code or ""
    successor_name: str = ""  # as a curated entry writes it; the list files name none


@dataclass(frozen=True)
class Municipality:
    code: str
    name: str
    prefecture: str  # the prefecture's name (栃木県)
    prefecture_code: str  # its local-government code (090000)


def read_schools(paths: Iterable[Path]) -> dict[str, School]:
    rows: dict[str, School] = {}
    for path in paths:
        with path.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                rows[row["school_code"]] = School(
                    code=row["school_code"],
                    name=row["school_name"],
                    kind=row["school_type_code"],
                    status=row["school_status_code"],
                    address=row["address"],
                    abolished=row["attribute_abolished_date"],
                    successor=row["successor_school_code"],
                )
    return rows


def curated_entries() -> dict[str, School]:
    """The entries of the list that the curated data holds (later-sources.ttl)."""
    graph = Graph().parse(OYAMA / "later-sources.ttl")
    rows = {}
    for record in graph.subjects(RDF.type, IKKAN.RegistryRecord):
        code = str(graph.value(record, IKKAN.schoolCode))
        abolished = graph.value(record, IKKAN.abolishedInRecord)
        status = str(graph.value(record, IKKAN.statusInRecord))
        rows[code] = School(
            code=code,
            name=str(graph.value(record, IKKAN.nameInRecord)),
            kind=code[:2],
            status={label: key for key, label in STATUS_LABELS.items()}[status],
            address=str(graph.value(record, IKKAN.addressInRecord)),
            abolished=str(abolished) if abolished is not None else "",
            successor=str(graph.value(record, IKKAN.successorCode) or ""),
            successor_name=str(graph.value(record, IKKAN.successorNameInRecord) or ""),
        )
    return rows


def list_rows(paths: Iterable[Path]) -> dict[str, School]:
    """The list files' rows, and the curated entries of schools they do not hold."""
    rows = read_schools(paths)
    for code, row in curated_entries().items():
        rows.setdefault(code, row)
    return rows


@dataclass
class CuratedFacts:
    """What the seed states of its schools, by school code."""

    labels: dict[str, str] = field(default_factory=dict)
    statuses: dict[str, str] = field(default_factory=dict)
    plans: dict[str, set[tuple[str, str, str]]] = field(default_factory=dict)
    merged_into: dict[str, set[str]] = field(default_factory=dict)  # code → merged labels


def curated_facts() -> CuratedFacts:
    graph = Graph()
    for path in [*sorted(OYAMA.glob("*.ttl")), *sorted((PROJECT / "ontology").glob("*.ttl"))]:
        graph.parse(path)  # the ontology names the statuses (skos:prefLabel)

    def ja(node: Node, prop: URIRef = RDFS.label) -> str:
        return next(str(v) for v in graph.objects(node, prop) if _lang(v) == "ja")

    facts = CuratedFacts()
    code_of = {}
    for school, code in graph.subject_objects(IKKAN.schoolCode):
        is_record = (school, RDF.type, IKKAN.RegistryRecord) in graph
        if (None, IKKAN.recordOf, school) in graph and not is_record:
            code_of[school] = str(code)
            facts.labels[str(code)] = ja(school)
            status = graph.value(school, IKKAN.status)
            if status is not None:
                facts.statuses[str(code)] = ja(status, SKOS.prefLabel)
    for merger in graph.subjects(RDF.type, IKKAN.SchoolMerger):
        status = graph.value(merger, IKKAN.status)
        planned = graph.value(merger, IKKAN.plannedDate)
        for school in graph.objects(merger, IKKAN.mergedSchool):
            if school in code_of and status is not None:
                plan = (ja(merger), ja(status, SKOS.prefLabel), str(planned or ""))
                facts.plans.setdefault(code_of[school], set()).add(plan)
        result = graph.value(merger, IKKAN.resultingSchool)
        if result in code_of and (merger, IKKAN.statedIn, None) in graph:
            facts.merged_into[code_of[result]] = {
                ja(s) for s in graph.objects(merger, IKKAN.mergedSchool)
            }
    return facts


def _lang(value: object) -> str | None:
    return value.language if isinstance(value, Literal) else None


# ---------------------------------------------------------------------------------------------
# Places: municipalities from the local-government list, schools placed by their address
# ---------------------------------------------------------------------------------------------


def read_municipalities(prefectures: Path, municipalities: Path) -> list[Municipality]:
    with prefectures.open(encoding="utf-8-sig", newline="") as handle:
        pref_codes = {row["pref"]: row["lgcode"].zfill(6) for row in csv.DictReader(handle)}
    out = []
    with municipalities.open(encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            if " " in row["city"]:  # a ward of a designated city: its city is a row too
                continue
            out.append(
                Municipality(row["lgcode"], row["city"], row["pref"], pref_codes[row["pref"]])
            )
    return out


def read_wikidata(path: Path) -> dict[str, str]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return {
            row["lgcode"]: f"http://www.wikidata.org/entity/{row['wikidata']}"
            for row in csv.DictReader(handle)
        }


def place(address: str, municipalities: list[Municipality]) -> Municipality | None:
    """The municipality whose name follows the prefecture (and a 郡 or 支庁, if any) in
    ``address``."""
    text = re.sub(r"^（[^）]*）", "", address)  # "（前期）長野県…": the first campus's address
    found = []
    for municipality in municipalities:
        if not text.startswith(municipality.prefecture):
            continue
        rest = text[len(municipality.prefecture) :]
        district = re.match(r"[^市町村]+?(?:郡|支庁)", rest)
        starts = [rest] + ([rest[district.end() :]] if district else [])
        if any(s.startswith(municipality.name) for s in starts):
            found.append(municipality)
    return max(found, key=lambda m: len(m.name)) if found else None


# ---------------------------------------------------------------------------------------------
# The expected answers
# ---------------------------------------------------------------------------------------------


@dataclass
class Expected:
    rows: dict[str, School]
    municipalities: list[Municipality]
    wikidata: dict[str, str]
    curated: CuratedFacts

    def where(self, row: School) -> Municipality | None:
        return place(row.address, self.municipalities)

    def label(self, row: School) -> str:
        """The school's label in the graph: the seed's name for its schools, else the list's."""
        return self.curated.labels.get(row.code, row.name)

    def successor_name(self, row: School) -> str | None:
        if row.successor in self.rows:
            return self.rows[row.successor].name
        return row.successor_name or None

    def placed(self, row: School) -> Municipality:
        found = self.where(row)
        assert found is not None, f"{row.code} {row.address}: no municipality"
        return found

    def compulsory_by_prefecture(self) -> dict[str, tuple[int, int, int]]:
        counts: dict[str, Counter[str]] = defaultdict(Counter)
        for row in self.rows.values():
            if row.kind == "C2":
                counts[self.placed(row).prefecture]["abolished" if row.abolished else "open"] += 1
        return {
            pref: (c["open"], c["abolished"], c["open"] + c["abolished"])
            for pref, c in counts.items()
        }

    def abolished_per_year(self, prefecture: str = TOCHIGI) -> dict[str, tuple[int, ...]]:
        counts: dict[str, Counter[str]] = defaultdict(Counter)
        for row in self.rows.values():
            if row.abolished and self.placed(row).prefecture_code == prefecture:
                counts[row.abolished[:4]][row.kind] += 1
        return {year: (c["B1"], c["C1"], c["C2"], sum(c.values())) for year, c in counts.items()}

    def merged_into_compulsory(self) -> dict[str, tuple[int, set[str], set[str], int]]:
        """Successor code → (schools, their names, their dates, merger events)."""
        closed: dict[str, list[School]] = defaultdict(list)
        for row in self.rows.values():
            if row.successor in self.rows and self.rows[row.successor].kind == "C2":
                closed[row.successor].append(row)
        out = {}
        for code, members in closed.items():
            per_date = Counter(m.abolished for m in members)
            out[code] = (
                len(members),
                {m.name for m in members},
                {m.abolished for m in members},
                sum(1 for n in per_date.values() if n >= 2),
            )
        return out

    def municipalities_with_compulsory(
        self,
    ) -> dict[str, tuple[str, str, str | None, int, int, set[str]]]:
        """Municipality code → (name, prefecture, Wikidata, open, abolished, names: an
        abolished school's marked （廃止）)."""
        out: dict[str, tuple[str, str, str | None, int, int, set[str]]] = {}
        for row in self.rows.values():
            if row.kind != "C2":
                continue
            m = self.placed(row)
            name, pref, wikidata, open_, closed, names = out.get(
                m.code, (m.name, m.prefecture, self.wikidata.get(m.code), 0, 0, set())
            )
            if row.abolished:
                closed += 1
                names = names | {self.label(row) + "（廃止）"}
            else:
                open_ += 1
                names = names | {self.label(row)}
            out[m.code] = (name, pref, wikidata, open_, closed, names)
        return out

    def chains(self) -> dict[str, tuple[str, str, int]]:
        """Code of each school with a successor among the rows → (successor, last school,
        steps); a chain ends at a school without a successor among the rows."""
        out = {}
        for code, row in self.rows.items():
            if row.successor not in self.rows:
                continue
            chain = [code]
            while (after := self.rows[chain[-1]].successor) in self.rows and after not in chain:
                chain.append(after)
            out[code] = (row.successor, chain[-1], len(chain) - 1)
        return out

    def in_municipality(self, code: str = OYAMA_CODE) -> dict[str, School]:
        return {c: r for c, r in self.rows.items() if self.placed(r).code == code}

    def branches(self) -> dict[str, tuple[str, str, str, str, str | None]]:
        """Branch code → (name, kind, municipality, prefecture, main school's name): the main
        school is the row whose name the branch's name begins with (the longest such)."""
        out = {}
        for code, row in self.rows.items():
            if row.status != "2":
                continue
            mains = [
                r.name
                for r in self.rows.values()
                if r.status != "2" and r.kind == row.kind and row.name.startswith(r.name)
            ]
            m = self.placed(row)
            main = max(mains, key=len) if mains else None
            out[code] = (row.name, KIND_LABELS[row.kind], m.name, m.prefecture, main)
        return out

    def by_municipality(self, prefecture: str = TOCHIGI) -> dict[str, tuple[int, ...]]:
        """Municipality name → open/abolished of 小学校, 中学校, 義務教育学校, and all open."""
        counts: dict[str, Counter[tuple[str, bool]]] = defaultdict(Counter)
        for row in self.rows.values():
            m = self.placed(row)
            if m.prefecture_code == prefecture and row.kind in KIND_LABELS:
                counts[m.name][(row.kind, bool(row.abolished))] += 1
        out = {}
        for name, c in counts.items():
            cells = [c[(kind, closed)] for kind in ("B1", "C1", "C2") for closed in (False, True)]
            out[name] = (*cells, cells[0] + cells[2] + cells[4])
        return out
