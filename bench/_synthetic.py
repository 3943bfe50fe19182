"""The synthetic national-scale graph the benchmarks share: every municipality, every school.

Shaped like ikkan's own graph at the size the whole country would give: every municipality
(1,741), a junior-high school district per junior-high school, about 29,000 schools (19,000
elementary, 10,000 junior-high, 200 compulsory-education schools), each with labels in Japanese,
English and romanised Japanese, its district, municipality and a citation, and ten years of
pupil counts per grade as RDF Data Cube observations, in one named graph per prefecture (about
9 million quads at scale 1). :func:`generate` writes it as N-Quads, deterministically (seeded);
:func:`scale_for_schools` gives the scale for a number of schools.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

BASE = "https://w3id.org/ikkan/"
ID = BASE + "id/"
IKKAN = "https://w3id.org/ikkan/ontology#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
QB = "http://purl.org/linked-data/cube#"
SCHEMA = "http://schema.org/"
XSD = "http://www.w3.org/2001/XMLSchema#"

MUNICIPALITIES = 1741
ELEMENTARY = 19_000
JUNIOR_HIGH = 10_000
COMPULSORY = 200
YEARS = range(2015, 2025)


def _iri(value: str) -> str:
    return f"<{value}>"


def _lit(value: str, lang: str) -> str:
    return json.dumps(value, ensure_ascii=False) + f"@{lang}"


def _int(value: int) -> str:
    return f'"{value}"^^<{XSD}nonNegativeInteger>'


def generate(path: Path, scale: float, seed: int = 1) -> int:
    """Write the synthetic graph as N-Quads; return the number of quads."""
    rng = random.Random(seed)
    municipalities = max(1, int(MUNICIPALITIES * scale))
    counts = {
        kind: max(1, int(n * scale))
        for kind, n in (
            ("ElementarySchool", ELEMENTARY),
            ("JuniorHighSchool", JUNIOR_HIGH),
            ("CompulsoryEducationSchool", COMPULSORY),
        )
    }
    written = 0
    with path.open("w", encoding="utf-8") as out:

        def quad(s: str, p: str, o: str, g: str) -> None:
            nonlocal written
            out.write(f"{s} {p} {o} {g} .\n")
            written += 1

        codes = [f"{(i % 47) + 1:02d}{i:04d}" for i in range(municipalities)]
        districts: list[tuple[str, str, str]] = []
        for index, code in enumerate(codes):
            graph = _iri(f"{BASE}graph/pref-{(index % 47) + 1:02d}")
            muni = _iri(f"{ID}municipality/{code}")
            quad(muni, _iri(RDF_TYPE), _iri(IKKAN + "Municipality"), graph)
            quad(muni, _iri(RDF_TYPE), _iri(SCHEMA + "AdministrativeArea"), graph)
            quad(muni, _iri(RDFS_LABEL), _lit(f"合成市{index}", "ja"), graph)
            quad(muni, _iri(RDFS_LABEL), _lit(f"Synthetic City {index}", "en"), graph)
        schools = []
        for kind, n in counts.items():
            schools += [(kind, i) for i in range(n)]
        rng.shuffle(schools)
        junior_highs = [s for s in schools if s[0] != "ElementarySchool"]
        for number in range(len(junior_highs)):
            code = codes[number % municipalities]
            district = f"{ID}district/{code}-d{number}"
            districts.append((district, code, f"{BASE}graph/pref-{int(code[:2]):02d}"))
        for number, (kind, i) in enumerate(schools):
            district, code, graph_iri = districts[number % len(districts)]
            graph = _iri(graph_iri)
            school = _iri(school_iri(code, kind, i))
            name = {
                "ElementarySchool": "小学校",
                "JuniorHighSchool": "中学校",
                "CompulsoryEducationSchool": "義務教育学校",
            }[kind]
            for cls in (IKKAN + kind, IKKAN + "School", SCHEMA + "School"):
                quad(school, _iri(RDF_TYPE), _iri(cls), graph)
            quad(school, _iri(RDFS_LABEL), _lit(f"合成第{i}{name}", "ja"), graph)
            quad(school, _iri(RDFS_LABEL), _lit(f"Synthetic {kind} {i}", "en"), graph)
            quad(school, _iri(RDFS_LABEL), _lit(f"Gōsei dai-{i} {kind}", "ja-Latn"), graph)
            quad(school, _iri(IKKAN + "district"), _iri(district), graph)
            quad(_iri(district), _iri(IKKAN + "hasSchool"), school, graph)
            quad(school, _iri(IKKAN + "municipality"), _iri(f"{ID}municipality/{code}"), graph)
            quad(school, _iri(IKKAN + "statedIn"), _iri(f"{ID}section/synthetic"), graph)
            grades = (
                range(1, 7)
                if kind == "ElementarySchool"
                else (range(7, 10) if kind == "JuniorHighSchool" else range(1, 10))
            )
            for year in YEARS:
                table = _iri(f"{ID}table/{code}-{year}")
                for grade in grades:
                    obs = _iri(f"{ID}observation/{code}-{kind[:2].lower()}{i}-{year}-{grade}")
                    quad(obs, _iri(RDF_TYPE), _iri(QB + "Observation"), graph)
                    quad(obs, _iri(QB + "dataSet"), table, graph)
                    quad(obs, _iri(IKKAN + "refUnit"), school, graph)
                    quad(obs, _iri(IKKAN + "refGrade"), _iri(f"{ID}grade/{grade}"), graph)
                    quad(obs, _iri(IKKAN + "refPeriod"), _iri(f"{ID}instant/{year}-05-01"), graph)
                    quad(obs, _iri(IKKAN + "pupils"), _int(rng.randint(5, 150)), graph)
        for district, _code, graph_iri in districts:
            graph = _iri(graph_iri)
            quad(_iri(district), _iri(RDF_TYPE), _iri(IKKAN + "SchoolDistrict"), graph)
            quad(
                _iri(district), _iri(RDFS_LABEL), _lit(f"合成中学校区 {district[-6:]}", "ja"), graph
            )
    return written


def scale_for_schools(schools: int) -> float:
    """The scale at which the graph has about ``schools`` schools."""
    return schools / (ELEMENTARY + JUNIOR_HIGH + COMPULSORY)


def school_iri(code: str, kind: str, number: int) -> str:
    return f"{ID}school/{code}-{kind[:2].lower()}{number}"
