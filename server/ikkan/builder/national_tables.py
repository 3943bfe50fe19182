"""The national layer as CSV tables, for people who work in R, Stata or Excel.

Two tables are read from the written store with SPARQL and written beside the dumps:
``schools.csv`` (one row per school of the MEXT list: IRI, code, name, kind, founder, status,
the list's dates, municipality code and name, successor code) and ``municipalities.csv`` (one
row per municipality and ward: IRI, code, name, reading, prefecture, Wikidata ID, school counts
by kind, open and closed). Each is UTF-8 with a byte-order mark (Excel reads Japanese text
right only then), sorted by code so that the same graph gives the same bytes, and described by
a CSVW metadata file (``schools.csv-metadata.json``, W3C "Metadata Vocabulary for Tabular
Data") that names every column, its datatype, the source lists with their reference dates and
terms, and what the build changed.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from dataclasses import dataclass

import pyoxigraph as ox

from ..namespaces import IKKAN
from ..store.manifest import SourceNote

BOM = "\ufeff"
CSV_MEDIA_TYPE = "text/csv"
METADATA_MEDIA_TYPE = "application/csvm+json"


@dataclass(frozen=True)
class Column:
    name: str
    title_ja: str
    title_en: str
    datatype: str = "string"


@dataclass(frozen=True)
class Table:
    file: str
    title_ja: str
    title_en: str
    columns: tuple[Column, ...]
    query: str
    sources: tuple[str, ...]  # ids of the source records it is made from


I = str(IKKAN)  # noqa: E741 (the ontology's namespace, spelled once for the queries)
PREFIXES = f"""PREFIX ikkan: <{I}>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
"""

SCHOOLS = Table(
    file="schools.csv",
    title_ja="学校コード一覧の学校",
    title_en="Schools of MEXT's school-code list",
    columns=(
        Column("iri", "IRI", "IRI", "anyURI"),
        Column("school_code", "学校コード", "school code"),
        Column("name", "学校名", "name"),
        Column("kind", "学校種", "kind of school"),
        Column("founder", "設置区分", "founder category"),
        Column("status", "本分校・廃止の区分", "status in the list"),
        Column("record_set_date", "属性情報設定年月日", "date the row was set", "date"),
        Column("abolished_date", "廃止年月日", "abolished", "date"),
        Column("municipality_code", "市区町村コード", "municipality code"),
        Column("municipality_name", "市区町村名", "municipality"),
        Column("successor_code", "移行後の学校コード", "successor code"),
    ),
    query=PREFIXES
    + """SELECT DISTINCT ?iri ?school_code ?name ?kind ?founder ?status ?record_set_date
       ?abolished_date ?municipality_code ?municipality_name ?successor_code WHERE {
  ?record a ikkan:RegistryRecord ; ikkan:recordOf ?iri ; ikkan:schoolCode ?school_code ;
      ikkan:nameInRecord ?name .
  ?iri ikkan:listStatus ?statusConcept .
  OPTIONAL { ?iri ikkan:schoolKind/skos:prefLabel ?kind FILTER(LANG(?kind) = "ja") }
  OPTIONAL { ?iri ikkan:founderCategory/skos:prefLabel ?founder FILTER(LANG(?founder) = "ja") }
  OPTIONAL { ?statusConcept skos:prefLabel ?status FILTER(LANG(?status) = "ja") }
  OPTIONAL { ?record ikkan:setDateInRecord ?record_set_date }
  OPTIONAL { ?record ikkan:abolishedInRecord ?abolished_date }
  OPTIONAL { ?record ikkan:successorCode ?successor_code }
  OPTIONAL {
    ?iri ikkan:locatedIn ?place .
    ?place ikkan:localGovernmentCode ?municipality_code .
    OPTIONAL { ?place rdfs:label ?municipality_name FILTER(LANG(?municipality_name) = "ja") }
  }
}
ORDER BY ?school_code""",
    sources=("mext-school-codes", "localgovjp"),
)

KIND_COUNTS = (
    ("elementary", "小学校", "elementary schools", "B1"),
    ("junior_high", "中学校", "junior-high schools", "C1"),
    ("compulsory", "義務教育学校", "compulsory-education schools", "C2"),
)


def _municipality_query() -> str:
    counts = []
    for column, _ja, _en, code in KIND_COUNTS:
        for state, test in (("open", "!BOUND(?abolished)"), ("closed", "BOUND(?abolished)")):
            # A school's triples may be in two graphs (the seed's and the list's): count each
            # school once; IF gives an error (not counted) for a school of another kind.
            condition = f'COALESCE(?kind, "") = "{code}" && {test}'
            counts.append(f"(COUNT(DISTINCT IF({condition}, ?school, ?none)) AS ?{column}_{state})")
    return (
        PREFIXES
        + f"""SELECT ?iri ?code ?name ?reading ?prefecture ?wikidata {" ".join(counts)} WHERE {{
  ?iri ikkan:localGovernmentCode ?code ; ikkan:inPrefecture ?pref .
  FILTER NOT EXISTS {{ ?iri a ikkan:Prefecture }}
  OPTIONAL {{ ?iri rdfs:label ?name FILTER(LANG(?name) = "ja") }}
  OPTIONAL {{ ?iri ikkan:kanaReading ?reading }}
  OPTIONAL {{ ?pref rdfs:label ?prefecture FILTER(LANG(?prefecture) = "ja") }}
  OPTIONAL {{
    ?iri skos:exactMatch ?item FILTER(STRSTARTS(STR(?item), "http://www.wikidata.org/entity/"))
    BIND(STRAFTER(STR(?item), "http://www.wikidata.org/entity/") AS ?wikidata)
  }}
  OPTIONAL {{
    {{ ?school ikkan:locatedIn ?iri }} UNION {{ ?school ikkan:locatedInWard ?iri }}
    ?record ikkan:recordOf ?school ; ikkan:schoolCode ?full .
    BIND(SUBSTR(?full, 1, 2) AS ?kind)
    OPTIONAL {{ ?record ikkan:abolishedInRecord ?abolished }}
  }}
}}
GROUP BY ?iri ?code ?name ?reading ?prefecture ?wikidata
ORDER BY ?code"""
    )


MUNICIPALITIES = Table(
    file="municipalities.csv",
    title_ja="市区町村と学校数",
    title_en="Municipalities and their schools",
    columns=(
        Column("iri", "IRI", "IRI", "anyURI"),
        Column("code", "全国地方公共団体コード", "local-government code"),
        Column("name", "名称", "name"),
        Column("reading", "読み", "reading"),
        Column("prefecture", "都道府県", "prefecture"),
        Column("wikidata", "Wikidata ID", "Wikidata ID"),
        *(
            Column(f"{column}_{state}", f"{ja}（{state_ja}）", f"{en} ({state})", "integer")
            for column, ja, en, _code in KIND_COUNTS
            for state, state_ja in (("open", "現存"), ("closed", "廃止"))
        ),
    ),
    query="",
    sources=("localgovjp", "wikidata-municipalities", "mext-school-codes"),
)


def _rows(store: ox.Store, table: Table, query: str) -> list[list[str]]:
    solutions = store.query(query, use_default_graph_as_union=True)
    assert isinstance(solutions, ox.QuerySolutions)
    names = [c.name for c in table.columns]
    rows = []
    for solution in solutions:
        row = []
        for name in names:
            term = solution[name]
            row.append("" if term is None else term.value)
        rows.append(row)
    return rows


def _csv(table: Table, rows: Sequence[Sequence[str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([c.name for c in table.columns])
    writer.writerows(rows)
    return (BOM + buffer.getvalue()).encode("utf-8")


def _metadata(table: Table, sources: Sequence[SourceNote], base: str) -> bytes:
    used = [s for s in sources if s.id in table.sources]
    document = {
        "@context": ["http://www.w3.org/ns/csvw", {"@language": "ja"}],
        "url": table.file,
        "dc:title": [
            {"@value": table.title_ja, "@language": "ja"},
            {"@value": table.title_en, "@language": "en"},
        ],
        "dc:license": {"@id": "https://creativecommons.org/licenses/by/4.0/"},
        "dc:publisher": {"@id": base},
        "dc:source": [
            {
                "@id": s.url,
                "dc:title": [
                    {"@value": s.title_ja, "@language": "ja"},
                    {"@value": s.title_en, "@language": "en"},
                ],
                "dc:created": s.reference_date,
                "dc:license": {"@id": s.licence},
                "dc:rights": [
                    {"@value": s.attribution_ja, "@language": "ja"},
                    {"@value": s.attribution_en, "@language": "en"},
                ],
                "dc:description": [
                    {"@value": s.changes_ja, "@language": "ja"},
                    {"@value": s.changes_en, "@language": "en"},
                ],
            }
            for s in used
        ],
        "dialect": {"encoding": "utf-8", "header": True, "lineTerminators": ["\r\n"]},
        "tableSchema": {
            "columns": [
                {
                    "name": c.name,
                    "titles": [
                        {"@value": c.title_ja, "@language": "ja"},
                        {"@value": c.title_en, "@language": "en"},
                    ],
                    "datatype": c.datatype,
                }
                for c in table.columns
            ],
            "primaryKey": table.columns[0].name,
            "aboutUrl": "{+iri}",
        },
    }
    return (json.dumps(document, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode()


def render_tables(
    quads: Sequence[ox.Quad], sources: Sequence[SourceNote], base: str
) -> dict[str, tuple[bytes, str, str, bool]]:
    """file name -> (content, media type, format, compressed), as the dumps are given;
    nothing without the school list."""
    if not any(s.id == "mext-school-codes" for s in sources):
        return {}
    store = ox.Store()
    store.bulk_extend(quads)
    out: dict[str, tuple[bytes, str, str, bool]] = {}
    has_places = any(s.id == "localgovjp" for s in sources)
    for table, query in ((SCHOOLS, SCHOOLS.query), (MUNICIPALITIES, _municipality_query())):
        if table is MUNICIPALITIES and not has_places:
            continue
        rows = _rows(store, table, query)
        fmt = f"CSV (UTF-8, BOM), {len(rows)} rows"
        out[table.file] = (_csv(table, rows), CSV_MEDIA_TYPE, fmt, False)
        out[table.file + "-metadata.json"] = (
            _metadata(table, sources, base),
            METADATA_MEDIA_TYPE,
            "CSVW metadata",
            False,
        )
    return out
