"""The MEXT graph: every row of the list as a school and as the registry record of that row.

The school (``id/school/<code>``, or the curated IRI that already carries the code) gets what
the row says of the school itself: its class for its kind (ikkan:ElementarySchool …), its code,
kind, founder category and status as concepts, and its successor. Everything as the list writes
it goes on the row's ikkan:RegistryRecord (name, address, postal code, status, kind label, the
dates the row was set and abolished, the former survey number, the successor's code and name),
the pattern ``data/oyama/later-sources.ttl`` set for the curated schools, so that what the list
records stands apart from what a curated source states. A school that curated data already
labels in Japanese keeps that label; the list's name is on its record. Every school and record
cites the list (ikkan:identifierSource).
"""

from __future__ import annotations

from collections.abc import Sequence

from ...namespaces import IKKAN
from ..iris import Iris
from ..mext.codes import KINDS
from ..mext.parse import SchoolRow
from . import terms as t
from .quads import GraphWriter
from .vocab import Concepts

RECORD_LABEL = "学校コード一覧の記載：{name}"
ABOLISHED_SUFFIX = "（廃止）"


def write_schools(
    w: GraphWriter,
    iris: Iris,
    rows: Sequence[SchoolRow],
    source: str,
    concepts: Concepts,
    labelled: frozenset[str] = frozenset(),
) -> None:
    """The school and the registry record of every row."""
    names = {row.code: row.name for row in rows}
    classes = {code: t.node(IKKAN[k.ontology_class]) for code, k in KINDS.items()}
    for row in rows:
        school = w.node(iris.school(row.code))
        record = w.node(iris.record(row.code))
        w.add(school, t.TYPE, classes[row.kind.code])
        if school[1:-1] not in labelled:
            w.text(school, t.LABEL, row.name, "ja")
        w.string(school, t.SCHOOL_CODE, row.code)
        w.add(school, t.SCHOOL_KIND, concepts.kind[row.kind.code])
        w.add(school, t.FOUNDER_CATEGORY, concepts.founder[row.founder.code])
        w.add(school, t.LIST_STATUS, concepts.status[row.status.code])
        w.add(school, t.IDENTIFIER_SOURCE, source)

        label = RECORD_LABEL.format(name=row.name)
        w.add(record, t.TYPE, t.REGISTRY_RECORD)
        w.text(record, t.LABEL, label + (ABOLISHED_SUFFIX if row.is_abolished else ""), "ja")
        w.add(record, t.RECORD_OF, school)
        w.string(record, t.SCHOOL_CODE, row.code)
        w.string(record, t.NAME_IN_RECORD, row.name)
        w.string(record, t.ADDRESS_IN_RECORD, row.address)
        w.string(record, t.POSTAL_CODE_IN_RECORD, row.postal_code)
        w.string(record, t.STATUS_IN_RECORD, row.status.ja)
        w.string(record, t.KIND_IN_RECORD, row.kind_label)
        w.date(record, t.SET_DATE_IN_RECORD, row.set_date)
        w.date(record, t.ABOLISHED_IN_RECORD, row.abolished_date)
        w.string(record, t.SURVEY_NUMBER_IN_RECORD, row.survey_number)
        w.add(record, t.IDENTIFIER_SOURCE, source)
        if row.successor_code:
            successor = w.node(iris.school(row.successor_code))
            w.add(school, t.SUCCESSOR, successor)
            w.string(record, t.SUCCESSOR_CODE, row.successor_code)
            successor_name = names.get(row.successor_code)
            if successor_name is not None:
                w.add(record, t.SUCCESSOR_IN_RECORD, successor)
                w.string(record, t.SUCCESSOR_NAME_IN_RECORD, successor_name)
