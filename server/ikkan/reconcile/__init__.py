"""Reconciliation: matching other people's tables of schools and places to the graph's entities.

The W3C Entity Reconciliation Service API (version 0.2, which OpenRefine speaks) at
``/reconcile`` and the ``ikkan link`` command share everything here: the name keys of
:mod:`.text` (widths, numerals, old kanji, short forms), the entities read from the graph in one
task (:mod:`.graph`), the index built from them once per data set version (:mod:`.index`),
matching and scoring (:mod:`.matching`), and the API's operations and JSON shapes (:mod:`.query`,
:mod:`.answers`, :mod:`.suggest`, :mod:`.extension`, :mod:`.manifest`, :mod:`.preview`), put
together by :mod:`.service`. Importing the package registers the task, so that every query
process (forked from a process that imported it) knows it.
"""

from . import graph
from .service import Service, load_service

__all__ = ["Service", "graph", "load_service"]
