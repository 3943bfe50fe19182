"""What version 0.2 of the Reconciliation Service API requires of each answer, as JSON Schemas.

Written for these tests from the specification (https://reconciliation-api.github.io/specs/0.2/)
and the schemas of the reconciliation-api/specs repository (folder ``0.2/schemas``), read but not
copied: the same requirements, in one module, with the ones the prose states and the schemas do
not (a result is sorted by decreasing score; ids are unique among candidates, suggestions and
a candidate's features; a batch answers every query it was asked; a data extension response
has a row for every id and, in each, every property asked, in the order asked). :func:`check`
fails with the path of the first violation.
"""

from __future__ import annotations

from typing import Any

from jsonschema import Draft202012Validator

_STRING = {"type": "string"}
_NONEMPTY = {"type": "string", "minLength": 1}
_ID_TEMPLATE = {"type": "string", "pattern": r"\{\{id\}\}"}
_TYPE_REF = {"$ref": "#/$defs/type"}
_SERVICE = {
    "type": "object",
    "properties": {
        "service_url": _STRING,
        "service_path": _STRING,
        "flyout_service_url": _STRING,
        "flyout_service_path": {"type": "string", "pattern": r"\$\{id\}"},
    },
}


def _setting(kind: str, default: dict[str, str], *required: str) -> dict[str, Any]:
    """A property setting of one data type: its ``default`` is of that type."""
    return {
        "type": "object",
        "required": ["type", "label", "name", *required],
        "properties": {
            "type": {"const": kind},
            "default": default,
            "label": _STRING,
            "name": _STRING,
            "help_text": _STRING,
            "choices": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["value", "name"],
                    "properties": {"value": _STRING, "name": _STRING},
                },
            },
        },
    }


_SETTING = {
    "oneOf": [
        _setting("number", {"type": "number"}),
        _setting("text", _STRING),
        _setting("checkbox", {"type": "boolean"}),
        _setting("select", _STRING, "choices"),
    ]
}
_TYPE_DEF = {
    "type": "object",
    "required": ["id", "name"],
    "properties": {
        "id": _NONEMPTY,
        "name": _NONEMPTY,
        "description": _STRING,
        "broader": {"type": "array", "items": _TYPE_REF},
    },
}
_ENTITY_TYPE = {
    "oneOf": [
        {"type": "string"},
        {"type": "object", "required": ["id"], "properties": {"id": _STRING, "name": _STRING}},
    ]
}

MANIFEST = {
    "type": "object",
    "$defs": {"type": _TYPE_DEF},
    "required": ["versions", "name", "identifierSpace", "schemaSpace"],
    "properties": {
        "versions": {"type": "array", "items": _STRING, "contains": {"const": "0.2"}},
        "name": _NONEMPTY,
        "identifierSpace": {"type": "string", "format": "uri"},
        "schemaSpace": {"type": "string", "format": "uri"},
        "documentation": _STRING,
        "serviceVersion": _STRING,
        "logo": _STRING,
        "batchSize": {"type": "integer", "minimum": 1},
        "defaultTypes": {"type": "array", "items": _TYPE_REF, "uniqueItems": True},
        "view": {"type": "object", "required": ["url"], "properties": {"url": _ID_TEMPLATE}},
        "feature_view": {
            "type": "object",
            "required": ["url"],
            "properties": {"url": _ID_TEMPLATE},
        },
        "preview": {
            "type": "object",
            "required": ["url", "width", "height"],
            "properties": {
                "url": _ID_TEMPLATE,
                "width": {"type": "integer"},
                "height": {"type": "integer"},
            },
        },
        "suggest": {
            "type": "object",
            "properties": {"entity": _SERVICE, "type": _SERVICE, "property": _SERVICE},
        },
        "extend": {
            "type": "object",
            "properties": {
                "propose_properties": {
                    "type": "object",
                    "properties": {"service_url": _STRING, "service_path": _STRING},
                },
                "property_settings": {"type": "array", "items": _SETTING},
            },
        },
    },
}

RESULT_BATCH = {
    "type": "object",
    "additionalProperties": {
        "type": "object",
        "required": ["result"],
        "properties": {
            "result": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["id", "name", "score"],
                    "properties": {
                        "id": _NONEMPTY,
                        "name": _NONEMPTY,
                        "description": _STRING,
                        "score": {"type": "number"},
                        "match": {"type": "boolean"},
                        "type": {"type": "array", "items": _ENTITY_TYPE},
                        "features": {
                            "type": "array",
                            "items": {
                                "type": "object",
                                "required": ["id", "value"],
                                "properties": {
                                    "id": _NONEMPTY,
                                    "value": {"type": ["boolean", "number"]},
                                },
                            },
                        },
                    },
                },
            }
        },
    },
}

_SUGGESTION = {
    "type": "object",
    "required": ["id", "name"],
    "properties": {"id": _NONEMPTY, "name": _NONEMPTY, "description": _STRING},
}
SUGGEST_ENTITIES = {
    "type": "object",
    "required": ["result"],
    "properties": {
        "result": {
            "type": "array",
            "items": {
                **_SUGGESTION,
                "properties": {
                    **_SUGGESTION["properties"],
                    "notable": {"type": "array", "items": _ENTITY_TYPE},
                },
            },
        }
    },
}
SUGGEST_PROPERTIES = {
    "type": "object",
    "required": ["result"],
    "properties": {"result": {"type": "array", "items": _SUGGESTION}},
}
SUGGEST_TYPES = {
    "type": "object",
    "$defs": {"type": _TYPE_DEF},
    "required": ["result"],
    "properties": {"result": {"type": "array", "items": _TYPE_REF}},
}
PROPERTY_PROPOSAL = {
    "type": "object",
    "required": ["properties"],
    "properties": {
        "properties": {"type": "array", "items": _SUGGESTION},
        "type": _STRING,
        "limit": {"type": "number"},
    },
}
_DATE = (
    r"^-?([1-9][0-9]*)?[0-9]{4}-(1[0-2]|0[1-9])-(3[01]|0[1-9]|[12][0-9])"
    r"T(2[0-3]|[01][0-9]):[0-5][0-9]:[0-5][0-9](\.[0-9]+)?(Z|[+-](2[0-3]|[01][0-9]):[0-5][0-9])?$"
)
_CELL = {
    "oneOf": [
        {"type": "object", "maxProperties": 0},
        {
            "type": "object",
            "required": ["id", "name"],
            "properties": {"id": _STRING, "name": _STRING, "description": _STRING},
            "additionalProperties": False,
        },
        {
            "type": "object",
            "required": ["str"],
            "properties": {"str": _STRING},
            "additionalProperties": False,
        },
        {
            "type": "object",
            "required": ["float"],
            "properties": {"float": {"type": "number"}},
            "additionalProperties": False,
        },
        {
            "type": "object",
            "required": ["int"],
            "properties": {"int": {"type": "integer"}},
            "additionalProperties": False,
        },
        {
            "type": "object",
            "required": ["date"],
            "properties": {"date": {"type": "string", "pattern": _DATE}},
            "additionalProperties": False,
        },
    ]
}
EXTENSION = {
    "type": "object",
    "required": ["meta", "rows"],
    "properties": {
        "meta": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["id", "name"],
                "properties": {
                    "id": _STRING,
                    "name": _STRING,
                    "type": {
                        "type": "object",
                        "required": ["id"],
                        "properties": {"id": _STRING, "name": _STRING},
                    },
                    "service": {"type": "string", "pattern": "^https?://"},
                },
            },
        },
        "rows": {
            "type": "object",
            "additionalProperties": {
                "type": "object",
                "additionalProperties": {"type": "array", "items": _CELL},
            },
        },
    },
}
# What a client sends: used to check that the tests' own queries are what the API allows.
_PROPERTY_VALUE = {
    "oneOf": [
        {"type": "string"},
        {"type": "number"},
        {"type": "boolean"},
        {"type": "object", "required": ["id"], "properties": {"id": _STRING, "name": _STRING}},
    ]
}
QUERY_BATCH = {
    "type": "object",
    "additionalProperties": {
        "type": "object",
        "properties": {
            "query": _STRING,
            "type": {"oneOf": [_STRING, {"type": "array", "items": _STRING}]},
            "limit": {"type": "number"},
            "properties": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["pid", "v"],
                    "properties": {
                        "pid": _STRING,
                        "v": {
                            "oneOf": [
                                _PROPERTY_VALUE,
                                {"type": "array", "items": _PROPERTY_VALUE},
                            ]
                        },
                    },
                },
            },
            "type_strict": {"enum": ["any", "should", "all"]},
        },
        "anyOf": [
            {"required": ["query"]},
            {"required": ["properties"], "properties": {"properties": {"minItems": 1}}},
        ],
        "additionalProperties": False,
    },
}
EXTENSION_QUERY = {
    "type": "object",
    "required": ["ids", "properties"],
    "properties": {
        "ids": {"type": "array", "items": _STRING},
        "properties": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["id"],
                "properties": {"id": _STRING, "settings": {"type": "object"}},
            },
        },
    },
}

SCHEMAS = {
    "manifest": MANIFEST,
    "results": RESULT_BATCH,
    "suggest-entities": SUGGEST_ENTITIES,
    "suggest-properties": SUGGEST_PROPERTIES,
    "suggest-types": SUGGEST_TYPES,
    "property-proposal": PROPERTY_PROPOSAL,
    "extension": EXTENSION,
    "query-batch": QUERY_BATCH,
    "extension-query": EXTENSION_QUERY,
}


def check(kind: str, payload: Any) -> None:
    """Fail unless ``payload`` is a valid answer of ``kind`` (see :data:`SCHEMAS`)."""
    validator = Draft202012Validator(SCHEMAS[kind])
    errors = sorted(validator.iter_errors(payload), key=lambda e: list(e.absolute_path))
    assert not errors, f"{kind}: {errors[0].message} at {list(errors[0].absolute_path)}"
    if kind == "results":
        for key, answer in payload.items():
            scores = [c["score"] for c in answer["result"]]
            assert scores == sorted(scores, reverse=True), f"{key}: not sorted by score"
            matches = [i for i, c in enumerate(answer["result"]) if c.get("match")]
            # OpenRefine takes a match only when it is the first candidate.
            assert matches in ([], [0]), f"{key}: a match, not first, or more than one"
            ids = [c["id"] for c in answer["result"]]
            assert len(ids) == len(set(ids)), f"{key}: a candidate twice"
            for candidate in answer["result"]:
                features = [f["id"] for f in candidate.get("features", [])]
                assert len(features) == len(set(features)), f"{key}: a feature id twice"
    if kind in ("suggest-entities", "suggest-types", "suggest-properties"):
        ids = [s["id"] for s in payload["result"]]
        assert len(ids) == len(set(ids)), f"{kind}: a suggestion twice"


def check_extension(query: dict[str, Any], answer: Any) -> None:
    """``answer`` is a valid data extension response to ``query``: a row for every id asked,
    with every property of the metadata, which lists the properties asked, in order."""
    check("extension-query", query)
    check("extension", answer)
    asked = [p["id"] for p in query["properties"]]
    assert [m["id"] for m in answer["meta"]] == asked
    assert set(answer["rows"]) == set(query["ids"])
    for entity_id, row in answer["rows"].items():
        assert set(row) == set(asked), entity_id


def check_batch(queries: dict[str, Any], answer: Any) -> None:
    """``answer`` is a valid result batch for exactly the queries asked."""
    check("query-batch", queries)
    check("results", answer)
    assert set(answer) == set(queries)
