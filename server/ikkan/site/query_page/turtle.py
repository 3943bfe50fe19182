"""CONSTRUCT and DESCRIBE results as Turtle in HTML, every IRI a link.

pyoxigraph writes the Turtle (so it is exactly what a Turtle parser reads back), with the
project's prefixes that the triples use. Entity IRIs stay whole (``<https://w3id.org/ikkan/id/…>``)
rather than as ``id:`` names, which Turtle would have to write with escaped slashes. The text is
then split into tokens; IRIs and prefixed names become links (our own to their local pages,
others as they are, with the label as the hover title when there is one), and everything else
is escaped.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import pyoxigraph as ox
from markupsafe import Markup, escape

from ...namespaces import PREFIXES, RDF_LANG_STRING, XSD_STRING
from ..links import href, is_ours

# Entity IRIs are written whole; see the module docstring.
_HIDDEN_PREFIXES = frozenset({"id"})
# Datatypes Turtle does not write: plain and language-tagged strings.
_UNWRITTEN = frozenset(
    {
        XSD_STRING,
        RDF_LANG_STRING,
    }
)

_TOKEN = re.compile(
    r"""
    (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<string>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'''(?:[^'\\]|\\.|'(?!''))*'''
              |"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')
  | (?P<pname>(?<![\w@-])[A-Za-z][\w.-]*:(?:[\w:%.-]|\\.)*)
  | (?P<other>[^<"'A-Za-z]+|.)
    """,
    re.VERBOSE | re.DOTALL,
)


def used_prefixes(triples: Iterable[ox.Triple]) -> dict[str, str]:
    """The project's prefixes whose namespaces the triples' IRIs use."""
    iris = set()
    for triple in triples:
        for term in (triple.subject, triple.predicate, triple.object):
            if isinstance(term, ox.NamedNode):
                iris.add(term.value)
            elif isinstance(term, ox.Literal) and term.datatype.value not in _UNWRITTEN:
                iris.add(term.datatype.value)
    return {
        prefix: ns
        for prefix, ns in PREFIXES.items()
        if prefix not in _HIDDEN_PREFIXES and any(iri.startswith(ns) for iri in iris)
    }


def _link(iri: str, shown: str, base: str, labels: dict[str, tuple[str, str]]) -> str:
    target = href(iri, base)
    if target is None:
        # Not ours and not http(s) (javascript:, data:…): text, never a link.
        return str(escape(shown))
    title = labels[iri][0] if iri in labels else iri
    rel = "" if is_ours(iri, base) else ' rel="noopener external"'
    return f'<a href="{escape(target)}" title="{escape(title)}"{rel}>{escape(shown)}</a>'


def turtle(triples: list[ox.Triple]) -> tuple[str, dict[str, str]]:
    """The Turtle text of ``triples`` and the prefixes it declares."""
    prefixes = used_prefixes(triples)
    text = ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=prefixes)
    assert text is not None
    return text.decode("utf-8"), prefixes


def turtle_html(
    triples: list[ox.Triple], base: str, labels: dict[str, tuple[str, str]] | None = None
) -> Markup:
    """Turtle of ``triples`` as HTML (for a ``<pre>``), with IRIs and prefixed names linked."""
    labels = labels or {}
    text, prefixes = turtle(triples)
    out = []
    for match in _TOKEN.finditer(text):
        kind, value = match.lastgroup, match[0]
        if kind == "iri":
            out.append(_link(value[1:-1], value, base, labels))
        elif kind == "pname":
            name = value.rstrip(".")
            prefix, _, local = name.partition(":")
            if prefix in prefixes:
                iri = prefixes[prefix] + re.sub(r"\\(.)", r"\1", local)
                out.append(_link(iri, name, base, labels))
                out.append(str(escape(value[len(name) :])))
            else:
                out.append(str(escape(value)))
        else:
            out.append(str(escape(value)))
    return Markup("".join(out))
