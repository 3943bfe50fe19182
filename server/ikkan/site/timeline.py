"""History as a timeline: the events in an entity's history, and the stages of its programme.

Events are the nodes with ``ikkan:historyOf`` the entity or one of its programmes (a city's
history of integrated education is its programme's: follow ``ikkan:programme``), and the mergers
the entity took part in (``ikkan:mergedSchool``, ``ikkan:resultingSchool``): a closed school's
history ends with the merger that closed it and the school it went into. Each event has
a date (``ikkan:date``, else ``ikkan:plannedDate``), its fiscal year (年度), the source's own
wording of the date, its kind (``ikkan:eventType``), and what it produced or concerned. The
programme's stages (OWL-Time intervals with start and end dates) are placed on the same line.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from ..store.base import Store
from . import queries
from .entity import Value
from .labels import fetch_labels
from .links import page_href
from .page_context import PageContext
from .sparql_terms import IKKAN, values

MAX_EVENTS = 500
RELATED = ("produced", "concerns", "resultingSchool", "mergedSchool", "decidedIn")
_MONTHS = "January February March April May June July August September October November December"
_MONTH_NAMES = _MONTHS.split()


@dataclass
class Entry:
    iri: str
    href: str | None
    label: str
    sort_key: str
    date: str = ""
    fiscal_year: str = ""
    wordings: list[str] = field(default_factory=list)
    kinds: list[str] = field(default_factory=list)
    related: list[tuple[str, Value]] = field(default_factory=list)
    end: str = ""
    is_stage: bool = False
    planned: bool = False


def format_date(text: str, lang: str) -> str:
    """``2017-04`` as 2017年4月 / April 2017, ``2017-02-19`` as 2017年2月19日 / 19 February 2017."""
    parts = text.split("-")
    try:
        numbers = [int(p) for p in parts[:3]]
    except ValueError:
        return text
    if lang == "ja":
        return "".join(f"{n}{unit}" for n, unit in zip(numbers, ("年", "月", "日"), strict=False))
    if len(numbers) == 1:
        return str(numbers[0])
    month = _MONTH_NAMES[numbers[1] - 1] if 1 <= numbers[1] <= 12 else str(numbers[1])
    if len(numbers) == 2:
        return f"{month} {numbers[0]}"
    return f"{numbers[2]} {month} {numbers[0]}"


def _histories(store: Store, entity: str) -> list[str]:
    rows = store.select(queries.PROGRAMMES.format(e=values("e", [entity])))
    return [entity, *(r["p"].value for r in rows if r["p"] is not None)]


def timeline(ctx: PageContext, entity: str) -> list[Entry]:
    """The entity's history, oldest first; empty when it has none."""
    store, lang, base = ctx.store, ctx.lang, ctx.base
    histories = values("h", _histories(store, entity))
    rows = store.select(
        queries.EVENTS.format(histories=histories, x=values("x", [entity]), limit=MAX_EVENTS)
    )
    stages = store.select(queries.STAGES.format(histories=histories))
    events: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for row in rows:
        event = events[row["e"].value]
        for name in ("date", "planned", "fy", "wording", "kind", "staged"):
            if row[name] is not None:
                event[name].add(row[name].value)
    for row in stages:
        stage = events[row["e"].value]
        stage["stage"].add("yes")
        for name in ("start", "end"):
            if row[name] is not None:
                stage[name].add(row[name].value)
    if not events:
        return []
    related = _related(store, list(events))
    iris = set(events) | {v for e in events.values() for k in ("fy", "kind") for v in e[k]}
    iris |= {o for pairs in related.values() for _, o in pairs}
    iris |= {IKKAN + name for name in RELATED}
    labels = fetch_labels(store, iris, lang)

    def label(i: str) -> str:
        return labels.get(i, (i.rsplit("/", 1)[-1], ""))[0]

    entries = []
    for iri, facts in events.items():
        date = min(facts["date"] or facts["start"] or facts["planned"] or {""})
        fiscal = min(facts["fy"] or {""})
        # Undated events sort by their fiscal year, else by the start of their stage.
        sort_key = date or (fiscal.rsplit("/", 1)[-1] + "-04" if fiscal else "")
        sort_key = sort_key or min(facts["staged"] or {"9999"})
        entries.append(
            Entry(
                iri=iri,
                href=page_href(iri, base),
                label=label(iri),
                sort_key=sort_key,
                date=format_date(date, lang) if date else "",
                fiscal_year=label(fiscal) if fiscal else "",
                wordings=sorted(facts["wording"]),
                kinds=sorted(label(k) for k in facts["kind"]),
                related=[
                    # The entity itself is named, not linked: the reader is on its page.
                    (
                        label(IKKAN + p),
                        Value(label(o), "", None if o == entity else page_href(o, base), o),
                    )
                    for p, o in related.get(iri, [])
                ],
                end=format_date(min(facts["end"]), lang) if facts["end"] else "",
                is_stage=bool(facts["stage"]),
                planned=bool(facts["planned"]) and not facts["date"],
            )
        )
    return sorted(entries, key=lambda e: (e.sort_key, not e.is_stage, e.label))


def _related(store: Store, events: list[str]) -> dict[str, list[tuple[str, str]]]:
    rows = store.select(
        queries.EVENT_LINKS.format(
            events=values("e", events), links=values("p", [IKKAN + name for name in RELATED])
        )
    )
    found: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for row in rows:
        name = row["p"].value[len(IKKAN) :]
        found[row["e"].value].append((name, row["o"].value))
    for pairs in found.values():
        pairs.sort(key=lambda pair: RELATED.index(pair[0]))
    return found
