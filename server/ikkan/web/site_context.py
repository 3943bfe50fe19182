"""What every page template of the site may use: bilingual text, links that keep the language.

``t(ja, en)`` picks the reader's language for a piece of interface text; ``link(href)`` adds
``?lang=`` to a local link when the reader chose the language explicitly (a shared English link
stays English) and refuses targets that are not local or http(s) (``safe_href``); ``void_url``
is the data set description every page links to; ``datatype_name``, ``language_name`` and
``boolean_name`` say a literal's datatype, language tag or truth value in the reader's words,
``dump_format`` a dump's format; ``compact`` shortens an IRI to its prefixed name.
"""

from __future__ import annotations

from typing import Any

from flask import request

from ..site.links import safe_href
from ..site.sparql_terms import compact
from ..site.vocabulary_labels import datatype_name, dump_format_name, language_name
from .app import public_url
from .language import reader_language

VOID_URL = "/.well-known/void"


def keep_language(href: str | None) -> str:
    """``href`` with the reader's explicit ``?lang=`` added when it is a local page; "" for a
    target that is neither local nor http(s) (templates show such values as text)."""
    href = safe_href(href)
    if not href:
        return ""
    chosen = request.args.get("lang", "").strip().lower()
    if chosen not in ("ja", "en") or not href.startswith("/") or href.startswith("//"):
        return href
    path, hash_, fragment = href.partition("#")
    joiner = "&" if "?" in path else "?"
    return f"{path}{joiner}lang={chosen}{hash_}{fragment}"


def number(value: object) -> str:
    """A number with thousands separators; anything else as text."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    return f"{value:,}"


def inject_site() -> dict[str, Any]:
    lang = reader_language()

    def t(ja: str, en: str) -> str:
        return en if lang == "en" else ja

    def boolean_name(text: str) -> str:
        if text in ("true", "1"):
            return t("はい", "yes")
        if text in ("false", "0"):
            return t("いいえ", "no")
        return text

    return {
        "t": t,
        "link": keep_language,
        "safe_href": safe_href,
        "void_url": VOID_URL,
        "number": number,
        "root_url": public_url("/"),
        "compact": compact,
        "datatype_name": lambda iri: datatype_name(iri, lang),
        "language_name": lambda tag: language_name(tag, lang),
        "boolean_name": boolean_name,
        "dump_format": lambda d: dump_format_name(d.media_type, d.compressed, d.format, lang),
    }
