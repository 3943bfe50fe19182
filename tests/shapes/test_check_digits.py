"""The check-digit rules, written in SPARQL, agree with a plain Python statement of the algorithms.

MEXT school codes: the leading letter becomes two digits (A → 01 … H → 08); of the 14 digits,
the first 13 are weighted 1,2,1,2,… from the left, products of 10 or more count as the sum of
their digits, and the check digit is (10 − sum mod 10) mod 10. JIS local-government codes: the
first five digits are weighted 6,5,4,3,2 and the check digit is the last digit of
11 − (sum mod 11). The Python functions reproduce every real code of the data (and the one real
MEXT code known to fail the algorithm); the SPARQL of the shapes is then run, as whole-graph
queries, on rdflib (as pyshacl runs it) and on Oxigraph, over a few hundred generated codes with
right and wrong check digits, and must flag exactly the wrong ones with the right digit.
"""

from __future__ import annotations

import random
from collections.abc import Callable

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, URIRef

from ikkan.builder.vocab import IKKAN, SH, SHAPES

from .harness import Validator, sparql_prologue

REAL_SCHOOL_CODES = [
    "B109210001590",  # 乙女小
    "B109210001493",  # 下生井小
    "B109210001509",  # 網戸小
    "B109210001527",  # 豊田南小
    "B109210001536",  # 豊田北小
    "B109210003507",  # 豊田小 (a successor code)
    "C109210000731",  # 乙女中
    "C109210000688",  # 豊田中
    "C209210000017",  # 絹義務教育学校
]
# A genuine code in MEXT's list (栃木県立とちぎ学びの夢学園) that, by the algorithm, ends in 0.
KNOWN_EXCEPTION = "C109210001571"
REAL_LOCAL_GOVERNMENT_CODES = ["092088", "090000"]
EX = "https://example.org/code/"
Engine = Callable[[Graph, str], dict[str, int]]


def mext_check_digit(code: str) -> int:
    digits = f"{'ABCDEFGH'.index(code[0]) + 1:02d}{code[1:]}"
    total = 0
    for position, char in enumerate(digits[:13]):
        product = int(char) * (1 if position % 2 == 0 else 2)
        total += product - 9 if product >= 10 else product
    return (10 - total % 10) % 10


def jis_check_digit(code: str) -> int:
    weights = (6, 5, 4, 3, 2)
    total = sum(int(digit) * weight for digit, weight in zip(code[:5], weights, strict=True))
    return (11 - total % 11) % 10


def test_python_statement_reproduces_the_real_codes() -> None:
    for code in REAL_SCHOOL_CODES:
        assert mext_check_digit(code) == int(code[-1]), code
    assert mext_check_digit(KNOWN_EXCEPTION) == 0
    for code in REAL_LOCAL_GOVERNMENT_CODES:
        assert jis_check_digit(code) == int(code[-1]), code


def generated_school_codes(count: int) -> dict[str, str]:
    """code -> "ok" or "wrong": well-formed codes, half of them with a wrong last digit."""
    rng = random.Random(20261125)
    codes = {code: "ok" for code in REAL_SCHOOL_CODES}
    codes[KNOWN_EXCEPTION] = "wrong"
    while len(codes) < count:
        stem = (
            rng.choice("ABCDEFGH")
            + rng.choice("12")
            + f"{rng.randint(1, 47):02d}"
            + rng.choice("123")
            + str(rng.randint(1, 9))
            + f"{rng.randint(0, 999999):06d}"
        )
        right = mext_check_digit(stem + "0")
        if rng.random() < 0.5:
            codes[f"{stem}{right}"] = "ok"
        else:
            codes[f"{stem}{(right + rng.randint(1, 9)) % 10}"] = "wrong"
    return codes


def generated_local_government_codes(count: int) -> dict[str, str]:
    rng = random.Random(92088)
    codes = {code: "ok" for code in REAL_LOCAL_GOVERNMENT_CODES}
    while len(codes) < count:
        stem = f"{rng.randint(1, 47):02d}{rng.randint(0, 999):03d}"
        right = jis_check_digit(stem + "0")
        if rng.random() < 0.5:
            codes[f"{stem}{right}"] = "ok"
        else:
            codes[f"{stem}{(right + rng.randint(1, 9)) % 10}"] = "wrong"
    return codes


def graph_of(codes: dict[str, str], prop: URIRef) -> Graph:
    graph = Graph()
    for code in codes:
        graph.add((URIRef(EX + code), prop, Literal(code)))
    return graph


def flagged_by_rdflib(graph: Graph, query: str) -> dict[str, int]:
    """Run a constraint as a whole-graph query: $this left free ranges over every node."""
    found = {}
    for row in graph.query(query):
        found[str(row.value)] = int(row.expected)
    return found


def flagged_by_oxigraph(graph: Graph, query: str) -> dict[str, int]:
    store = ox.Store()
    for s, p, o in graph:
        store.add(ox.Quad(ox.NamedNode(str(s)), ox.NamedNode(str(p)), ox.Literal(str(o))))
    solutions = store.query(query)
    assert isinstance(solutions, ox.QuerySolutions)
    return {solution["value"].value: int(solution["expected"].value) for solution in solutions}


@pytest.mark.parametrize("engine", [flagged_by_rdflib, flagged_by_oxigraph])
def test_school_code_rule_flags_exactly_the_wrong_digits(
    validator: Validator, engine: Engine
) -> None:
    codes = generated_school_codes(300)
    assert set(codes.values()) == {"ok", "wrong"}
    query = sparql_prologue(validator.shapes) + str(
        validator.shapes.value(SHAPES.SchoolCodeCheckDigit, SH.select)
    )
    flagged = engine(graph_of(codes, IKKAN.schoolCode), query)
    assert set(flagged) == {code for code, verdict in codes.items() if verdict == "wrong"}
    for code, expected in flagged.items():
        assert expected == mext_check_digit(code), code


@pytest.mark.parametrize("engine", [flagged_by_rdflib, flagged_by_oxigraph])
def test_local_government_code_rule_flags_exactly_the_wrong_digits(
    validator: Validator, engine: Engine
) -> None:
    codes = generated_local_government_codes(300)
    assert set(codes.values()) == {"ok", "wrong"}
    query = sparql_prologue(validator.shapes) + str(
        validator.shapes.value(SHAPES.LocalGovernmentCodeCheckDigit, SH.select)
    )
    flagged = engine(graph_of(codes, IKKAN.localGovernmentCode), query)
    assert set(flagged) == {code for code, verdict in codes.items() if verdict == "wrong"}
    for code, expected in flagged.items():
        assert expected == jis_check_digit(code), code
