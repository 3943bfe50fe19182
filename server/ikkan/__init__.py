"""ikkan: a linked-data knowledge graph of 小中一貫教育 (integrated elementary–junior-high
education).

The package builds the graph from the curated files under ``data/`` (``ikkan.builder``), opens the
result through one store interface (``ikkan.store``) and publishes it over HTTP (``ikkan.web``).
"""

__version__ = "0.1.0"
