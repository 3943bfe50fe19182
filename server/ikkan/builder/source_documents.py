"""Checking the data against the source documents it cites.

A source document is described in the data with its file name and SHA-256, and is vendored in
``data/<municipality>/source/``. The build refuses to go on if the file is missing or its digest
differs (the citations would point at text we no longer hold), if a section's line range falls
outside the file, or if a section's heading is not the text on its first line. When all holds,
each section gets its text (``ikkan:text``), so that pages can show the passage a fact comes from
through the store alone.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF
from rdflib.term import Node

from .problems import Problem
from .vocab import IKKAN


def check_sources(
    graph: Graph, source_files: tuple[Path, ...], folder: Path
) -> tuple[Graph, list[Problem]]:
    """Check the documents and sections of ``graph``; return the sections' texts and problems."""
    texts_graph = Graph()
    problems: list[Problem] = []
    by_name = {p.name: p for p in source_files}
    texts: dict[str, list[str]] = {}
    for doc in sorted(graph.subjects(RDF.type, IKKAN.SourceDocument), key=str):
        name = graph.value(doc, IKKAN.fileName)
        digest = graph.value(doc, IKKAN.sha256)
        if name is None or digest is None:
            problems.append(
                Problem(message=f"<{doc}> needs ikkan:fileName and ikkan:sha256", focus=str(doc))
            )
            continue
        path = by_name.get(str(name))
        if path is None:
            problems.append(
                Problem(
                    message=f"source document {name} of <{doc}> is not in {folder / 'source'}",
                    focus=str(doc),
                )
            )
            continue
        actual = hashlib.sha256(path.read_bytes()).hexdigest()
        if actual.lower() != str(digest).lower():
            problems.append(
                Problem(
                    message=f"SHA-256 of {path.name} is {actual}, but the data states {digest}",
                    file=path,
                    focus=str(doc),
                )
            )
            continue
        texts[str(doc)] = path.read_text(encoding="utf-8").split("\n")

    def document_of(section: Node) -> str | None:
        seen: set[Node] = set()
        node: Node | None = section
        while node is not None and node not in seen:
            seen.add(node)
            if str(node) in texts:
                return str(node)
            node = graph.value(node, DCTERMS.isPartOf)
        return None

    for section in sorted(graph.subjects(RDF.type, IKKAN.SourceSection), key=str):
        doc_iri = document_of(section)
        if doc_iri is None:
            continue
        lines = texts[doc_iri]
        start, end = graph.value(section, IKKAN.lineStart), graph.value(section, IKKAN.lineEnd)
        if not (isinstance(start, Literal) and isinstance(end, Literal)):
            continue  # the shapes report missing line numbers
        first, last = int(start), int(end)
        if not 1 <= first <= last <= len(lines):
            problems.append(
                Problem(
                    message=f"lines {first}–{last} of <{section}> are outside the file's "
                    f"{len(lines)} lines",
                    focus=str(section),
                )
            )
            continue
        heading = graph.value(section, IKKAN.heading)
        if heading is not None and lines[first - 1].strip() != str(heading).strip():
            problems.append(
                Problem(
                    message=f"heading {str(heading)!r} of <{section}> is not line {first} of the "
                    f"source ({lines[first - 1].strip()!r})",
                    focus=str(section),
                )
            )
            continue
        passage = "\n".join(lines[first - 1 : last]).strip("\n")
        assert isinstance(section, URIRef)
        texts_graph.add((section, IKKAN.text, Literal(passage, lang="ja")))
    return texts_graph, problems
