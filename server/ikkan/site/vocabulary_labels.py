"""Labels of the common terms of other vocabularies, which the graph does not label itself.

The ontology labels every ``ikkan:`` term in Japanese and English; the pages also show
``rdfs:label``, ``skos:altLabel``, ``schema:description`` and a few more, which come from W3C and
schema.org vocabularies whose own documents are not in the store. Their names are given here
for the reader's language; any other term is shown as its compact name (``org:hasMember``).
"""

from __future__ import annotations

_RDFS = "http://www.w3.org/2000/01/rdf-schema#"
_SKOS = "http://www.w3.org/2004/02/skos/core#"
_DC = "http://purl.org/dc/terms/"

KNOWN: dict[str, tuple[str, str]] = {
    _RDFS + "label": ("名称", "Label"),
    _RDFS + "comment": ("注記", "Comment"),
    _RDFS + "seeAlso": ("関連情報", "See also"),
    _SKOS + "prefLabel": ("名称", "Preferred label"),
    _SKOS + "altLabel": ("別名", "Alternative names"),
    _SKOS + "definition": ("定義", "Definition"),
    _SKOS + "note": ("注記", "Note"),
    _SKOS + "notation": ("記号", "Notation"),
    _SKOS + "inScheme": ("語彙", "In scheme"),
    _SKOS + "broader": ("上位概念", "Broader"),
    _SKOS + "exactMatch": ("同一の外部資源", "Exact match"),
    _SKOS + "topConceptOf": ("最上位概念", "Top concept of"),
    _SKOS + "hasTopConcept": ("最上位概念", "Top concepts"),
    "http://schema.org/description": ("説明", "Description"),
    "http://schema.org/name": ("名称", "Name"),
    "http://xmlns.com/foaf/0.1/name": ("氏名", "Name"),
    _DC + "title": ("表題", "Title"),
    _DC + "description": ("説明", "Description"),
    _DC + "isPartOf": ("所属する文書・節", "Part of"),
    _DC + "license": ("ライセンス", "Licence"),
    _DC + "format": ("形式", "Format"),
    _DC + "language": ("言語", "Language"),
    _DC + "subject": ("主題", "Subject"),
    "http://www.w3.org/2006/time#inXSDDate": ("日付", "Date"),
    "http://www.w3.org/2006/time#hasBeginning": ("開始", "Beginning"),
    "http://www.w3.org/2006/time#hasEnd": ("終了", "End"),
    "http://www.w3.org/2002/07/owl#sameAs": ("同一の資源", "Same as"),
}


def known_label(iri: str, lang: str) -> str | None:
    """The name of a well-known term in ``lang`` (ja or en), or None."""
    names = KNOWN.get(iri)
    if names is None:
        return None
    return names[1] if lang == "en" else names[0]
