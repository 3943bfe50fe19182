"""What every service of the site needs to build a page: the graph, the reader, the base IRI.

One small object instead of ``(store, lang, base)`` passed through every function: the store to
ask (inside a query process, the engine itself: :mod:`ikkan.store.tasks`), the reader's language
(``ja`` or ``en``) and the base IRI under which the graph's entities are minted.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..store.base import Store


@dataclass(frozen=True)
class PageContext:
    store: Store
    lang: str
    base: str
