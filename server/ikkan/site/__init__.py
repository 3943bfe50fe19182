"""Services behind the human-facing pages: they build SPARQL, ask the store, shape the answer.

Views (``ikkan.web``) parse HTTP and render templates; the modules here turn a question ("what
is this entity called in English?", "which page shows this IRI?") into SPARQL over the
:class:`~ikkan.store.base.Store` protocol, so they work on every backend.
"""
