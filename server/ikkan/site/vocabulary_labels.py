"""Labels of the common terms of other vocabularies, which the graph does not label itself.

The ontology labels every ``ikkan:`` term in Japanese and English; the pages also show
``rdfs:label``, ``skos:altLabel``, ``schema:description`` and a few more, which come from W3C and
schema.org vocabularies whose own documents are not in the store. Their names are given here
for the reader's language; any other term is shown as its compact name (``org:hasMember``).
Datatypes and language tags are named in words too (年月 / "year-month" for ``xsd:gYearMonth``,
ローマ字 / "romanised" for ``ja-Latn``), the exact term kept for the hover title.
"""

from __future__ import annotations

from ..namespaces import DCTERMS, FOAF, OWL, RDF, RDFS, SCHEMA, SKOS, TIME, XSD

_RDFS = str(RDFS)
_SKOS = str(SKOS)
_DC = str(DCTERMS)

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
    SCHEMA.description: ("説明", "Description"),
    SCHEMA.name: ("名称", "Name"),
    FOAF.name: ("氏名", "Name"),
    _DC + "title": ("表題", "Title"),
    _DC + "description": ("説明", "Description"),
    _DC + "isPartOf": ("所属する文書・節", "Part of"),
    _DC + "license": ("ライセンス", "Licence"),
    _DC + "format": ("形式", "Format"),
    _DC + "language": ("言語", "Language"),
    _DC + "subject": ("主題", "Subject"),
    TIME.inXSDDate: ("日付", "Date"),
    TIME.hasBeginning: ("開始", "Beginning"),
    TIME.hasEnd: ("終了", "End"),
    OWL.sameAs: ("同一の資源", "Same as"),
}


def known_label(iri: str, lang: str) -> str | None:
    """The name of a well-known term in ``lang`` (ja or en), or None."""
    names = KNOWN.get(iri)
    if names is None:
        return None
    return names[1] if lang == "en" else names[0]


_XSD = str(XSD)
_RDF = str(RDF)

DATATYPES: dict[str, tuple[str, str]] = {
    _XSD + "string": ("文字列", "text"),
    _XSD + "boolean": ("真偽値", "yes/no"),
    _XSD + "integer": ("整数", "integer"),
    _XSD + "int": ("整数", "integer"),
    _XSD + "long": ("整数", "integer"),
    _XSD + "short": ("整数", "integer"),
    _XSD + "nonNegativeInteger": ("0以上の整数", "non-negative integer"),
    _XSD + "positiveInteger": ("正の整数", "positive integer"),
    _XSD + "nonPositiveInteger": ("0以下の整数", "non-positive integer"),
    _XSD + "negativeInteger": ("負の整数", "negative integer"),
    _XSD + "decimal": ("小数", "decimal"),
    _XSD + "double": ("浮動小数点数", "floating-point number"),
    _XSD + "float": ("浮動小数点数", "floating-point number"),
    _XSD + "date": ("日付", "date"),
    _XSD + "dateTime": ("日時", "date and time"),
    _XSD + "dateTimeStamp": ("日時", "date and time"),
    _XSD + "time": ("時刻", "time"),
    _XSD + "gYear": ("年", "year"),
    _XSD + "gYearMonth": ("年月", "year-month"),
    _XSD + "gMonth": ("月", "month"),
    _XSD + "gMonthDay": ("月日", "month-day"),
    _XSD + "gDay": ("日", "day"),
    _XSD + "duration": ("期間", "duration"),
    _XSD + "anyURI": ("URI", "URI"),
    _XSD + "hexBinary": ("16進数", "hexadecimal"),
    _XSD + "base64Binary": ("Base64", "Base64"),
    _XSD + "language": ("言語タグ", "language tag"),
    _RDF + "langString": ("言語付き文字列", "text with a language"),
    _RDF + "HTML": ("HTML", "HTML"),
    _RDF + "JSON": ("JSON", "JSON"),
}

LANGUAGES: dict[str, tuple[str, str]] = {
    "ja": ("日本語", "Japanese"),
    "ja-latn": ("ローマ字", "romanised"),
    "ja-hira": ("ひらがな", "hiragana"),
    "ja-kana": ("カタカナ", "katakana"),
    "en": ("英語", "English"),
}


def datatype_name(iri: str, lang: str) -> str | None:
    """A datatype in words in ``lang`` (``年月`` for ``xsd:gYearMonth``), or None."""
    names = DATATYPES.get(iri)
    if names is None:
        return None
    return names[1] if lang == "en" else names[0]


def language_name(tag: str, lang: str) -> str | None:
    """A language tag in words in ``lang`` (``ローマ字`` for ``ja-Latn``), or None."""
    names = LANGUAGES.get(tag.lower())
    if names is None:
        return None
    return names[1] if lang == "en" else names[0]


# The dumps' formats by media type, and what a file adds to its format, in Japanese and English.
DUMP_FORMATS = {
    "text/turtle": "Turtle",
    "application/n-triples": "N-Triples",
    "application/n-quads": "N-Quads",
    "application/ld+json": "JSON-LD",
    "application/trig": "TriG",
    "application/rdf+xml": "RDF/XML",
}
_WITH_GRAPHS = ("名前付きグラフ付き", "with named graphs")
_GZIP = ("gzip 圧縮", "gzip-compressed")


def dump_format_name(media_type: str, compressed: bool, fallback: str, lang: str) -> str:
    """A dump's format for the downloads page: ``TriG（名前付きグラフ付き）`` /
    ``TriG (with named graphs)``, ``N-Triples（gzip 圧縮）`` / ``N-Triples (gzip-compressed)``."""
    name = DUMP_FORMATS.get(media_type)
    if name is None:
        return fallback
    notes = [_WITH_GRAPHS] if media_type in ("application/trig", "application/n-quads") else []
    notes += [_GZIP] if compressed else []
    index = 1 if lang == "en" else 0
    if not notes:
        return name
    if lang == "en":
        return f"{name} ({', '.join(n[index] for n in notes)})"
    return f"{name}（{'、'.join(n[index] for n in notes)}）"
