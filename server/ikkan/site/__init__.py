"""Services behind the human-facing pages: they build SPARQL, ask the store, shape the answer.

Views (``ikkan.web``) parse HTTP and render templates; the modules here turn a question ("what
is this entity called in English?", "which page shows this IRI?") into SPARQL over the
:class:`~ikkan.store.base.Store` protocol, so they work on every backend. A page that asks many
questions is one task (:mod:`ikkan.store.tasks`), run in a query process: importing this
package registers every page task, so that every query process (forked from a web process that
has imported it) knows them.
"""

from . import classes, compulsory, dataset, entity_page, ontology, search

__all__ = ["classes", "compulsory", "dataset", "entity_page", "ontology", "search"]
