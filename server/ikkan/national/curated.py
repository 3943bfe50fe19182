"""What the curated layers already say that the national layer must agree with.

Curated data (``data/<municipality>/``) may already give a school its MEXT code
(``data/oyama/links.ttl``), label a school, municipality or prefecture, or describe an
identifier source. The national layer reuses those IRIs (one entity per real school) and does
not add a second Japanese label to an entity that has one. This module reads that from any
iterable of triples whose terms are rdflib terms or pyoxigraph terms, so the build can pass the
curated graph it already holds.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from ..namespaces import IKKAN, RDF, RDFS
from .problems import Problem

_SCHOOL_CODE = str(IKKAN.schoolCode)
_RECORD = str(IKKAN.RegistryRecord)
_IDENTIFIER_SOURCE = str(IKKAN.IdentifierSource)
_TYPE = str(RDF.type)
_LABEL = str(RDFS.label)


def _text(term: Any) -> str:
    """The IRI or lexical form of an rdflib or pyoxigraph term."""
    value = getattr(term, "value", None)
    return value if isinstance(value, str) else str(term)


def _language(term: Any) -> str | None:
    return getattr(term, "language", None)


@dataclass
class Curated:
    schools: dict[str, str] = field(default_factory=dict)  # MEXT code → IRI
    labelled: set[str] = field(default_factory=set)  # IRIs with a Japanese rdfs:label
    identifier_sources: set[str] = field(default_factory=set)
    problems: list[Problem] = field(default_factory=list)


def read_curated(triples: Iterable[tuple[Any, Any, Any]]) -> Curated:
    """School codes, Japanese labels and identifier sources stated in ``triples``."""
    coded: list[tuple[str, str]] = []
    records: set[str] = set()
    curated = Curated()
    for s, p, o in triples:
        predicate = _text(p)
        if predicate == _SCHOOL_CODE:
            coded.append((_text(s), _text(o)))
        elif predicate == _TYPE:
            cls = _text(o)
            if cls == _RECORD:
                records.add(_text(s))
            elif cls == _IDENTIFIER_SOURCE:
                curated.identifier_sources.add(_text(s))
        elif predicate == _LABEL and (_language(o) or "").lower() == "ja":
            curated.labelled.add(_text(s))
    for subject, code in sorted(coded):
        if subject in records:
            continue
        earlier = curated.schools.get(code)
        if earlier is not None and earlier != subject:
            curated.problems.append(
                Problem(f"school code {code} is given to <{earlier}> and <{subject}>")
            )
            continue
        curated.schools[code] = subject
    return curated
