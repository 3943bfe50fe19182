"""How wide text is when shown: Japanese (wide) characters take two columns, others one.

The command line aligns table columns by it, the charts size their labels by it, so mixed
Japanese and Latin text lines up the same way wherever it is shown.
"""

from __future__ import annotations

import unicodedata


def display_width(text: str) -> int:
    """Columns ``text`` takes in a monospaced terminal: East Asian wide and full-width
    characters count two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
