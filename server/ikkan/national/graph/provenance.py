"""Describing where a layer's facts come from: one ikkan:IdentifierSource per source file.

The description carries what ``shapes/identifiers.ttl`` asks of an identifier source
(repository, path, commit, primary source, licence) and what the MEXT terms ask of a reuse
(the attribution to print, ``dcterms:bibliographicCitation``, and the statement of what was
changed, ``dcterms:description``), with the list's reference date, the pinned URL and the
SHA-256 of every file read. An identifier source that curated data already describes (the MEXT
file, cited by ``data/oyama/links.ttl``) is cited, not described a second time.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..iris import Iris
from ..sources.checks import Accepted
from ..sources.records import SourceRecord
from . import terms as t
from .quads import GraphWriter


def describe_source(
    w: GraphWriter,
    iris: Iris,
    record: SourceRecord,
    role: str,
    accepted: Sequence[Accepted] = (),
    already_described: frozenset[str] = frozenset(),
) -> str:
    """The node of the file ``role`` of ``record``, described in ``w`` unless already so."""
    spec = record.file(role)
    source = w.node(iris.identifier_source(spec.identifier_source))
    if source[1:-1] in already_described:
        return source
    w.add(source, t.TYPE, t.IDENTIFIER_SOURCE_CLASS)
    w.text(source, t.LABEL, f"{record.title.ja}（{spec.path}）", "ja")
    w.text(source, t.LABEL, f"{record.title.en} ({spec.path})", "en")
    w.string(source, t.REPOSITORY, record.repository)
    w.string(source, t.PATH, spec.path)
    w.string(source, t.COMMIT, record.commit)
    w.add(source, t.PRIMARY_SOURCE, w.node(record.primary_source))
    w.add(source, t.LICENSE, w.node(record.licence))
    w.add(source, t.DOWNLOAD_URL, w.node(spec.url))
    w.date(source, t.REFERENCE_DATE, record.reference_date)
    w.date(source, t.ISSUED, record.issued)
    for text, language in ((record.terms.ja, "ja"), (record.terms.en, "en")):
        w.text(source, t.RIGHTS, text, language)
    for text, language in ((record.attribution.ja, "ja"), (record.attribution.en, "en")):
        w.text(source, t.CITATION, text, language)
    for text, language in ((record.changes.ja, "ja"), (record.changes.en, "en")):
        w.text(source, t.DESCRIPTION, text, language)
    for file in accepted:
        w.typed(source, t.SHA256, file.sha256, t.XSD_HEX_BINARY)
    return source
