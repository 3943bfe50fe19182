"""What every page template may use: the reader's language and the site's shared helpers.

The reader's language is Japanese by default, English by ``?lang=en`` or ``Accept-Language``;
an explicit ``?lang=`` wins over the header, so a shared link shows what its author saw, and
pages that depend on the header say so with ``Vary: Accept-Language``. Every human-facing page
asks :func:`reader_language` once. :func:`template_context` gives every template ``lang``,
``lang_url(lang)`` (the current URL in the other language), ``t(ja, en)`` (interface text in
the reader's language), ``link(href)`` (a local link keeps an explicit ``?lang=``; a target that
is neither local nor http(s) is refused, and templates show such values as text),
``safe_href``, ``void_url`` (the data set description every page links to), ``number``, and
``datatype_name``, ``language_name``, ``boolean_name``, ``dump_format`` and ``compact``, which
say a literal's datatype, language tag or truth value, a dump's format and an IRI's prefixed
name in the reader's words.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from flask import request
from werkzeug.datastructures import LanguageAccept

from ..site.links import safe_href
from ..site.sparql_terms import compact
from ..site.vocabulary_labels import datatype_name, dump_format_name, language_name
from .state import public_url

LANGUAGES = ("ja", "en")
DEFAULT = "ja"


def reader_language() -> str:
    chosen = request.args.get("lang", "").strip().lower()
    if chosen in LANGUAGES:
        return chosen
    accept: LanguageAccept = request.accept_languages
    best = accept.best_match(LANGUAGES)
    return best or DEFAULT


def lang_url(lang: str) -> str:
    """The current page in ``lang`` (the query string kept, ``lang`` replaced)."""
    args = request.args.to_dict(flat=False)
    args["lang"] = [lang]
    return request.path + "?" + urlencode(args, doseq=True)


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


def template_context() -> dict[str, Any]:
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
        "lang": lang,
        "lang_url": lang_url,
        "languages": LANGUAGES,
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
