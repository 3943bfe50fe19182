"""Other SPARQL engines behind ``ikkan serve --store-url``, tested only when asked.

``IKKAN_TEST_ENGINES`` (comma-separated; ``make test-engines`` sets ``virtuoso``) names the
engines whose case the endpoint and site suites add beside the embedded store and Oxigraph's
server: their ``endpoint`` and ``site`` fixtures then also run over each of them. Without it,
nothing here starts or needs anything.
"""

from __future__ import annotations

import os

import pytest

KNOWN = ("virtuoso",)

# Tests an engine fails for a reason outside the remote backend's reach, each with the reason.
# Marked strict: the day it passes, the mark must go.
KNOWN_GAPS: dict[str, dict[str, str]] = {
    "virtuoso": {
        "test_search_ranks_and_romanised_names": (
            "Virtuoso's REGEX does not match non-ASCII characters as characters (a class such "
            "as [uūû] or the 'i' flag with ū never matches), so romanised search (chugakko → "
            "Chūgakkō) finds nothing; search moves to a text index of its own (issue 13 §2)"
        ),
    },
}


def enabled() -> tuple[str, ...]:
    """The engines ``IKKAN_TEST_ENGINES`` asks for; an unknown name is an error, not a skip."""
    names = [n.strip().lower() for n in os.environ.get("IKKAN_TEST_ENGINES", "").split(",")]
    names = [n for n in names if n]
    unknown = [n for n in names if n not in KNOWN]
    if unknown:
        raise ValueError(
            f"IKKAN_TEST_ENGINES names unknown engines {unknown}; known: {', '.join(KNOWN)}"
        )
    return tuple(names)


ENGINES = enabled()


def mark_known_gaps(items: list[pytest.Item]) -> None:
    """Mark each test of :data:`KNOWN_GAPS` as an expected failure on its engine."""
    for item in items:
        for engine, gaps in KNOWN_GAPS.items():
            name, _, params = item.name.partition("[")
            if name in gaps and engine in params.rstrip("]").split("-"):
                item.add_marker(pytest.mark.xfail(reason=gaps[name], strict=True))
