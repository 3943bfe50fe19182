"""The vocabularies ikkan speaks, with the prefixes it uses for them everywhere.

One table of prefixes serves the Turtle dumps, the SPARQL prologue the query page offers, the
prefix completion of the editor and the service description, so a prefix means the same thing
wherever a researcher meets it. Entity IRIs are minted under the configurable base IRI; the
ontology and shapes namespaces hang from the same base.
"""

from __future__ import annotations

from rdflib import Namespace
from rdflib.namespace import (
    DCAT,
    DCTERMS,
    FOAF,
    ORG,
    OWL,
    PROV,
    QB,
    RDF,
    RDFS,
    SKOS,
    TIME,
    VOID,
    XSD,
)

DEFAULT_BASE = "https://w3id.org/ikkan/"

IKKAN = Namespace(DEFAULT_BASE + "ontology#")
SHAPES = Namespace(DEFAULT_BASE + "shapes#")
ID = Namespace(DEFAULT_BASE + "id/")
SH = Namespace("http://www.w3.org/ns/shacl#")
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
WD = Namespace("http://www.wikidata.org/entity/")
GEO = Namespace("http://www.opengis.net/ont/geosparql#")
# http://schema.org/ (not https): the form Wikidata, DBpedia and most published RDF use.
SCHEMA = Namespace("http://schema.org/")

# prefix -> namespace IRI; the order is the order shown to people.
PREFIXES: dict[str, str] = {
    "ikkan": str(IKKAN),
    "id": str(ID),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "owl": str(OWL),
    "xsd": str(XSD),
    "skos": str(SKOS),
    "schema": str(SCHEMA),
    "org": str(ORG),
    "qb": str(QB),
    "time": str(TIME),
    "prov": str(PROV),
    "dcterms": str(DCTERMS),
    "dcat": str(DCAT),
    "void": str(VOID),
    "foaf": str(FOAF),
    "sh": str(SH),
    "sd": str(SD),
    "wd": str(WD),
    "geo": str(GEO),
}


def default_prefixes() -> dict[str, str]:
    """The prefixes every query may use without a PREFIX line (as on Wikidata's endpoint): the
    table above, which the service description declares."""
    return dict(PREFIXES)


__all__ = [
    "DCAT",
    "DCTERMS",
    "DEFAULT_BASE",
    "FOAF",
    "GEO",
    "ID",
    "IKKAN",
    "ORG",
    "OWL",
    "PREFIXES",
    "PROV",
    "QB",
    "RDF",
    "RDFS",
    "SCHEMA",
    "SD",
    "SH",
    "SHAPES",
    "SKOS",
    "TIME",
    "VOID",
    "WD",
    "XSD",
    "default_prefixes",
]
