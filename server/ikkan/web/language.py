"""The reader's language: Japanese by default, English by ``?lang=en`` or ``Accept-Language``.

Every human-facing page asks :func:`reader_language` once; templates get ``lang`` and
``lang_url(lang)`` (the current URL in the other language) from :func:`inject_language`.
An explicit ``?lang=`` wins over the header, so a shared link shows what its author saw; pages
that depend on the header say so with ``Vary: Accept-Language``.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from flask import request
from werkzeug.datastructures import LanguageAccept

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


def inject_language() -> dict[str, Any]:
    return {"lang": reader_language(), "lang_url": lang_url, "languages": LANGUAGES}
