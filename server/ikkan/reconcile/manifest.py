"""The service manifest: what a client learns from a GET on ``/reconcile``.

The versions of the API spoken (0.1 and 0.2: the answers are the same), the identifier space
(the graph's ``…/id/``, so an id plus the space is the entity's IRI), the schema space (the
ontology), the default types, the batch size, and where the view, preview, suggest and data
extension services are on this server. ``view`` and ``preview`` take the id as a query
parameter: a client encodes the ``/`` of ``school/b109210001590`` as ``%2F``, which a path would
refuse.
"""

from __future__ import annotations

from typing import Any

from .. import __version__
from ..namespaces import IKKAN
from .entities import DEFAULT_TYPES, TYPES
from .suggest import type_entry

NAME = "ikkan: 日本の学校と市区町村 (schools and municipalities of Japan)"
PREVIEW_WIDTH = 420
PREVIEW_HEIGHT = 190


def manifest(service_url: str, base_iri: str, batch_size: int) -> dict[str, Any]:
    """The manifest of the service at ``service_url`` (absolute, ending in ``/reconcile``)."""
    return {
        "versions": ["0.1", "0.2"],
        "name": NAME,
        "identifierSpace": base_iri + "id/",
        "schemaSpace": str(IKKAN),
        "serviceVersion": __version__,
        "batchSize": batch_size,
        "defaultTypes": [type_entry(TYPES[t]) for t in DEFAULT_TYPES],
        "view": {"url": service_url + "/view?id={{id}}"},
        "preview": {
            "url": service_url + "/preview?id={{id}}",
            "width": PREVIEW_WIDTH,
            "height": PREVIEW_HEIGHT,
        },
        "suggest": {
            kind: {"service_url": service_url, "service_path": f"/suggest/{kind}"}
            for kind in ("entity", "type", "property")
        },
        "extend": {
            "propose_properties": {
                "service_url": service_url,
                "service_path": "/propose_properties",
            },
            "property_settings": [],
        },
    }
