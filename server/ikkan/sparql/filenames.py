"""File names for results saved from a browser: ``ikkan-result-<hash>.<extension>``.

When a request names its format (``format=csv``), as the query page's download links do, the
endpoint adds ``Content-Disposition: inline; filename=…``: a browser saves the file under a
name with the right extension, and shows it inline when it can. The hash is the query's own
(the one in the query log), so the same query saves under the same name.
"""

from __future__ import annotations

import hashlib

from .conneg import suffix_of


def query_hash(query: str) -> str:
    """A short, stable name for a query text (12 hex digits of its SHA-256)."""
    return hashlib.sha256(query.encode("utf-8", "surrogatepass")).hexdigest()[:12]


def result_filename(query: str, media_type: str) -> str:
    return f"ikkan-result-{query_hash(query)}.{suffix_of(media_type)}"


def content_disposition(query: str, media_type: str) -> str:
    return f'inline; filename="{result_filename(query, media_type)}"'
