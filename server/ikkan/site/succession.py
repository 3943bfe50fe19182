"""Successor chains (A → B → C) and predecessors of schools, from the list's successor links.

MEXT's school-code list gives each abolished school the code of the school that took over its
pupils; the build turns that into ``ikkan:successor``. A page follows those links: a school's
chain runs from it through each successor in turn, and its predecessors are every school whose
chain reaches it. The links are asked for in one query (a property path both ways), the facts
of every school on them (code, kind, the list's abolished date, label) in three more, and the
chains are followed here, where a cycle in bad data stops the walk instead of looping.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from . import queries
from .entity import Value
from .labels import fetch_labels
from .links import page_href
from .page_context import PageContext
from .school_facts import school_facts
from .sparql_terms import compact, iri, values

EDGE_LIMIT = 20_000


@dataclass(frozen=True)
class Step:
    """One school on a chain: its name, code, kind and the list's abolished date ("" if open)."""

    school: Value
    code: str
    kind: Value | None
    abolished: str


@dataclass(frozen=True)
class Chain:
    """Schools in succession, each the successor of the one before; ``cycle`` when the list's
    links lead back to a school already on it (the walk stops there)."""

    steps: tuple[Step, ...]
    cycle: bool = False


@dataclass
class Successions:
    """Successor links among a set of schools, and what the page shows of each school on them."""

    successors: dict[str, list[str]]
    predecessors: dict[str, list[str]]
    steps: dict[str, Step]

    def chain(self, start: str) -> Chain:
        """``start`` and its successors in order (A → B → C)."""
        seen = [start]
        node = start
        while self.successors.get(node):
            node = self.successors[node][0]
            if node in seen:
                return Chain(tuple(self.steps[s] for s in seen), cycle=True)
            seen.append(node)
        return Chain(tuple(self.steps[s] for s in seen))

    def chains(self, schools: Iterable[str]) -> list[Chain]:
        """The longest chains through ``schools``: one from each of them that has a successor
        and no predecessor (a school in the middle of a chain is shown on it, not again)."""
        wanted = set(schools)
        starts = [
            s for s in wanted if self.successors.get(s) and not (set(self.predecessors.get(s, ())))
        ]
        # A cycle has no start: begin it at its smallest member.
        on_chains = {step for s in starts for step in self._members(s)}
        for s in sorted(wanted):
            if self.successors.get(s) and s not in on_chains:
                starts.append(s)
                on_chains |= set(self._members(s))
        chains = [self.chain(s) for s in starts]
        return sorted(chains, key=lambda c: (c.steps[-1].code, [s.code for s in c.steps]))

    def _members(self, start: str) -> list[str]:
        return [step.school.iri or "" for step in self.chain(start).steps]

    def ancestry(self, school: str) -> list[tuple[int, Step]]:
        """Every predecessor of ``school``, depth first: (1, a direct predecessor), (2, its own
        predecessor) …; each school once."""
        out: list[tuple[int, Step]] = []
        seen = {school}

        def visit(node: str, depth: int) -> None:
            for before in sorted(self.predecessors.get(node, ()), key=self._code):
                if before not in seen:
                    seen.add(before)
                    out.append((depth, self.steps[before]))
                    visit(before, depth + 1)

        visit(school, 1)
        return out

    def _code(self, school: str) -> str:
        return self.steps[school].code


def successions(
    ctx: PageContext, query: str, known: dict[str, dict[str, str]] | None = None
) -> Successions:
    """The successor links that ``query`` (a filled template returning ``?a ?b``) finds, and
    the facts of every school on them and of the schools of ``known`` (whose facts are known
    already: :func:`.school_facts.school_facts`)."""
    rows = ctx.store.select(query)
    successors: dict[str, list[str]] = defaultdict(list)
    predecessors: dict[str, list[str]] = defaultdict(list)
    for row in rows:
        a, b = row["a"], row["b"]
        if a is None or b is None:
            continue
        if b.value not in successors[a.value]:
            successors[a.value].append(b.value)
            predecessors[b.value].append(a.value)
    for targets in successors.values():
        targets.sort()
    known = dict(known or {})
    missing = {*successors, *predecessors} - set(known)
    known.update(school_facts(ctx.store, missing))
    return Successions(dict(successors), dict(predecessors), steps_of(ctx, known))


def school_steps(ctx: PageContext, schools: Iterable[str]) -> dict[str, Step]:
    """Name, code, kind and the list's abolished date of each school."""
    return steps_of(ctx, school_facts(ctx.store, schools))


def steps_of(ctx: PageContext, facts: dict[str, dict[str, str]]) -> dict[str, Step]:
    """Each school of ``facts`` (from :func:`.school_facts.school_facts`) as a step."""
    if not facts:
        return {}
    store = ctx.store
    wanted = sorted(facts)
    kinds = {f["kind"] for f in facts.values() if "kind" in f}
    labels = fetch_labels(store, [*wanted, *kinds], ctx.lang)
    return {s: _step(s, facts.get(s, {}), labels, ctx.base) for s in wanted}


def _step(
    school: str, facts: dict[str, str], labels: dict[str, tuple[str, str]], base: str
) -> Step:
    text, lang = labels.get(school, (compact(school), ""))
    kind = facts.get("kind")
    kind_value = None
    if kind is not None:
        kind_text, kind_lang = labels.get(kind, (compact(kind), ""))
        kind_value = Value(kind_text, kind_lang, page_href(kind, base), kind)
    return Step(
        Value(text, lang, page_href(school, base), school),
        facts.get("code", ""),
        kind_value,
        facts.get("abolished", ""),
    )


def of_school(ctx: PageContext, school: str) -> Successions:
    """The links into and out of one school, followed transitively both ways."""
    query = queries.SCHOOL_SUCCESSIONS.format(entity=iri(school), limit=EDGE_LIMIT)
    return successions(ctx, query, school_facts(ctx.store, [school]))


def from_schools(ctx: PageContext, facts: dict[str, dict[str, str]]) -> Successions:
    """The links out of the schools of ``facts``, followed to the end of each chain."""
    if not facts:
        return Successions({}, {}, {})
    query = queries.SUCCESSIONS_FROM.format(schools=values("s", facts), limit=EDGE_LIMIT)
    return successions(ctx, query, facts)
