"""Deriving OWL-Time structure from the dates the curators wrote.

Curators write dates as typed literals (``ikkan:startDate "2007-04-01"^^xsd:date``) and name
fiscal years by IRI (``…/id/fiscal-year/2013``), and runs of fiscal years the source dates only
in words (平成19～21年度) by the IRI of the run (``…/id/fiscal-year/2007-2009``). From those the
build derives, so that nobody has to write them by hand: a ``time:Instant`` for every instant
IRI used (``…/id/instant/2018-05-01``, with ``time:inXSDDate``, ``inXSDgYearMonth`` or
``inXSDgYear``); the beginning and end of every ``ikkan:Period`` as instants; every fiscal year
used, with its Japanese era name (平成25年度), its dates (1 April to 31 March, the Japanese
fiscal and school year) and its instants; and every run of fiscal years used, as an
``ikkan:FiscalYearRange`` with its era name (平成19～21年度), a Gregorian English name, its dates
from the first 1 April to the last 31 March, and each fiscal year it spans, so that a query for
one year finds what the run covers.
"""

from __future__ import annotations

import datetime as dt
import re

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, TIME, XSD
from rdflib.term import Node

from .problems import Problem
from .vocab import IKKAN

_INSTANT = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_FISCAL_YEAR = re.compile(r"^(\d{4})$")
_FISCAL_YEAR_RANGE = re.compile(r"^(\d{4})-(\d{4})$")

# (first Gregorian year of the era, era name): the era a fiscal year is named after is the one
# in force on its first day, 1 April, except that FY2019 is officially 令和元年度.
_ERAS = ((1926, "昭和"), (1989, "平成"), (2019, "令和"))


def era_fiscal_year_label(year: int) -> str:
    """The Japanese name of a fiscal year: 2013 -> 平成25年度, 2019 -> 令和元年度."""
    start, name = max((e for e in _ERAS if e[0] <= year), default=_ERAS[0])
    number = year - start + 1
    return f"{name}{'元' if number == 1 else number}年度"


def era_fiscal_year_range_label(first: int, last: int) -> str:
    """The Japanese name of a run of fiscal years: 2007–2009 -> 平成19～21年度."""
    start_name, end_name = era_fiscal_year_label(first), era_fiscal_year_label(last)
    start_era, end_era = (max(e for e in _ERAS if e[0] <= y) for y in (first, last))
    if start_era != end_era:
        return f"{start_name}～{end_name}"
    return f"{start_name.removesuffix('年度')}～{end_name.removeprefix(end_era[1])}"


def _instant_literal(text: str) -> tuple[URIRef, Literal] | None:
    match = _INSTANT.match(text)
    if not match:
        return None
    year, month, day = match.groups()
    if day:
        dt.date(int(year), int(month), int(day))  # raises on 2017-02-30
        return TIME.inXSDDate, Literal(text, datatype=XSD.date)
    if month:
        if not 1 <= int(month) <= 12:
            raise ValueError(f"month out of range in {text}")
        return TIME.inXSDgYearMonth, Literal(text, datatype=XSD.gYearMonth)
    return TIME.inXSDgYear, Literal(text, datatype=XSD.gYear)


def _describe_instant(out: Graph, instant: URIRef, text: str) -> None:
    found = _instant_literal(text)
    if found is None:
        return
    prop, literal = found
    out.add((instant, RDF.type, TIME.Instant))
    out.add((instant, prop, literal))
    parts = [int(p) for p in text.split("-")]
    ja = f"{parts[0]}年" + (f"{parts[1]}月" if len(parts) > 1 else "")
    ja += f"{parts[2]}日" if len(parts) > 2 else ""
    out.add((instant, RDFS.label, Literal(ja, lang="ja")))
    out.add((instant, RDFS.label, Literal(text, lang="en")))


def derive_calendar(
    graph: Graph, id_base: str, period_classes: set[Node]
) -> tuple[Graph, list[Problem]]:
    """Return the derived triples for ``graph`` (which is left unchanged) and the problems:
    a date that does not exist (2017-02-30) or an instant IRI that is not a date."""
    out = Graph()
    problems: list[Problem] = []
    instant_base = f"{id_base}instant/"
    fiscal_base = f"{id_base}fiscal-year/"

    def instant_for(subject: Node, prop: URIRef, value: Node) -> URIRef | None:
        if not isinstance(value, Literal):
            return None
        text = str(value)
        try:
            if _instant_literal(text) is None:
                return None
        except ValueError as exc:
            problems.append(
                Problem(
                    message=f"{prop.n3()} {text!r} of <{subject}> is not a date: {exc}",
                    focus=str(subject),
                )
            )
            return None
        node = URIRef(instant_base + text)
        _describe_instant(out, node, text)
        return node

    for subject, _, cls in graph.triples((None, RDF.type, None)):
        if cls not in period_classes:
            continue
        for prop, link in ((IKKAN.startDate, TIME.hasBeginning), (IKKAN.endDate, TIME.hasEnd)):
            for value in graph.objects(subject, prop):
                instant = instant_for(subject, prop, value)
                if instant is not None:
                    out.add((subject, link, instant))

    for node in set(graph.objects()) | set(graph.subjects()):
        if not isinstance(node, URIRef):
            continue
        iri = str(node)
        if iri.startswith(instant_base):
            try:
                _describe_instant(out, node, iri[len(instant_base) :])
            except ValueError as exc:
                problems.append(Problem(message=f"<{iri}> is not an instant: {exc}", focus=iri))
        elif iri.startswith(fiscal_base) and _FISCAL_YEAR.match(iri[len(fiscal_base) :]):
            _describe_fiscal_years(out, node, id_base, int(iri[len(fiscal_base) :]), None)
        elif iri.startswith(fiscal_base) and (
            found := _FISCAL_YEAR_RANGE.match(iri[len(fiscal_base) :])
        ):
            first, last = int(found.group(1)), int(found.group(2))
            if first >= last:
                problems.append(
                    Problem(
                        message=f"<{iri}> is not a run of fiscal years: {first} is not before "
                        f"{last} (a single year is …/fiscal-year/{first})",
                        focus=iri,
                    )
                )
                continue
            _describe_fiscal_years(out, node, id_base, first, last)
    return out, problems


def _describe_fiscal_years(
    out: Graph, node: URIRef, id_base: str, first: int, last: int | None
) -> None:
    """A fiscal year (``last`` None) or a run of them, 1 April of the first to 31 March after
    the last, with its names, dates and instants (and, for a run, each year it spans)."""
    end_year = first if last is None else last
    start, end = f"{first}-04-01", f"{end_year + 1}-03-31"
    gregorian = f"April {first} – March {end_year + 1}"
    if last is None:
        out.add((node, RDF.type, IKKAN.FiscalYear))
        ja, en = era_fiscal_year_label(first), f"FY{first} ({gregorian})"
    else:
        out.add((node, RDF.type, IKKAN.FiscalYearRange))
        ja, en = era_fiscal_year_range_label(first, last), f"FY{first}–FY{last} ({gregorian})"
        for year in range(first, last + 1):
            year_node = URIRef(f"{id_base}fiscal-year/{year}")
            out.add((node, IKKAN.fiscalYear, year_node))
            _describe_fiscal_years(out, year_node, id_base, year, None)
    out.add((node, RDFS.label, Literal(ja, lang="ja")))
    out.add((node, RDFS.label, Literal(en, lang="en")))
    out.add((node, IKKAN.startDate, Literal(start, datatype=XSD.date)))
    out.add((node, IKKAN.endDate, Literal(end, datatype=XSD.date)))
    for prop, text in ((TIME.hasBeginning, start), (TIME.hasEnd, end)):
        instant = URIRef(f"{id_base}instant/{text}")
        _describe_instant(out, instant, text)
        out.add((node, prop, instant))
