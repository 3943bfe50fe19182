"""Checking the paths of the site before they become IRIs: 400 for odd ones, never a 500.

An entity's path (``school/092088-otome-es``) must be ASCII segments of letters, digits, ``-``,
``.``, ``_`` and ``~`` that do not start with a dot (so no ``..``), at most
:data:`MAX_PATH` characters; the request's raw URI must not hide a slash or backslash behind a
percent-encoding (``a%2Fb``). NUL bytes and undecodable percent-encodings (which arrive as
U+FFFD) fail the same test.
"""

from __future__ import annotations

import re

from flask import abort, request

MAX_PATH = 512
_SEGMENT = re.compile(r"[A-Za-z0-9_~][A-Za-z0-9._~-]*")
_HIDDEN = re.compile(r"%(2f|5c|00)", re.IGNORECASE)


def raw_path_is_clean() -> bool:
    """Whether the raw request path hides no slash, backslash or NUL in percent-encoding."""
    raw = request.environ.get("RAW_URI") or request.environ.get("REQUEST_URI") or ""
    return not _HIDDEN.search(raw.split("?", 1)[0])


def checked_key(key: str) -> str:
    """``key`` when it is a valid entity path; abort with 400 otherwise."""
    if len(key) > MAX_PATH:
        abort(400, description=f"The path is longer than {MAX_PATH} characters.")
    if not raw_path_is_clean():
        abort(400, description="Encoded slashes, backslashes and NUL bytes are not allowed.")
    segments = key.split("/")
    if not all(_SEGMENT.fullmatch(s) for s in segments):
        abort(
            400,
            description="An entity path is made of ASCII letters, digits, '-', '.', '_' "
            "and '~', in segments that do not start with a dot.",
        )
    return key


def page_number(name: str) -> int:
    """A ``?page=``-style parameter: an integer from 1; 400 otherwise."""
    raw = request.args.get(name, "1")
    if not raw.isdigit() or not 1 <= int(raw) <= 1_000_000:
        abort(400, description=f"{name} must be a whole number from 1.")
    return int(raw)
