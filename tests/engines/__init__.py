"""Other SPARQL engines behind ``ikkan serve --store-url``, tested only when asked.

``IKKAN_TEST_ENGINES`` (comma-separated; ``make test-engines`` sets ``virtuoso``) names the
engines whose case the endpoint and site suites add beside the embedded store and Oxigraph's
server: their ``endpoint`` and ``site`` fixtures then also run over each of them. Without it,
nothing here starts or needs anything.
"""

from __future__ import annotations

import os

KNOWN = ("virtuoso",)


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
