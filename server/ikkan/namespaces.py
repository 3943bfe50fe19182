"""The vocabularies ikkan speaks, with the prefixes it uses for them everywhere.

One table of prefixes serves the Turtle dumps, the SPARQL prologue the query page offers, the
prefix completion of the editor and the service description, so a prefix means the same thing
wherever a researcher meets it. Entity IRIs are minted under the configurable base IRI; the
ontology and shapes namespaces hang from the same base.
"""

from __future__ import annotations


class Namespace:
    """A vocabulary's namespace: ``RDFS.label`` and ``IKKAN["School"]`` are its terms' IRIs.

    Terms are plain strings, so they compare equal to the IRIs pyoxigraph hands back; the build,
    which works in rdflib, wraps the namespace in rdflib's own (``rdflib.Namespace(str(ns))``).
    """

    __slots__ = ("iri",)

    def __init__(self, iri: str) -> None:
        self.iri = iri

    def __getattr__(self, name: str) -> str:
        if name.startswith("__"):
            raise AttributeError(name)
        return self.iri + name

    def __getitem__(self, name: str) -> str:
        return self.iri + name

    def __add__(self, local: str) -> str:
        return self.iri + local

    def __str__(self) -> str:
        return self.iri

    def __repr__(self) -> str:
        return f"Namespace({self.iri!r})"

    def __contains__(self, iri: str) -> bool:
        """Whether ``iri`` is a term of this namespace."""
        return iri.startswith(self.iri) and len(iri) > len(self.iri)


DEFAULT_BASE = "https://w3id.org/ikkan/"

IKKAN = Namespace(DEFAULT_BASE + "ontology#")
SHAPES = Namespace(DEFAULT_BASE + "shapes#")
ID = Namespace(DEFAULT_BASE + "id/")
GRAPH = Namespace(DEFAULT_BASE + "graph/")
RDF = Namespace("http://www.w3.org/1999/02/22-rdf-syntax-ns#")
RDFS = Namespace("http://www.w3.org/2000/01/rdf-schema#")
OWL = Namespace("http://www.w3.org/2002/07/owl#")
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")
SKOS = Namespace("http://www.w3.org/2004/02/skos/core#")
# http://schema.org/ (not https): the form Wikidata, DBpedia and most published RDF use.
SCHEMA = Namespace("http://schema.org/")
ORG = Namespace("http://www.w3.org/ns/org#")
QB = Namespace("http://purl.org/linked-data/cube#")
TIME = Namespace("http://www.w3.org/2006/time#")
PROV = Namespace("http://www.w3.org/ns/prov#")
DCTERMS = Namespace("http://purl.org/dc/terms/")
DCAT = Namespace("http://www.w3.org/ns/dcat#")
VOID = Namespace("http://rdfs.org/ns/void#")
FOAF = Namespace("http://xmlns.com/foaf/0.1/")
SH = Namespace("http://www.w3.org/ns/shacl#")
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
WD = Namespace("http://www.wikidata.org/entity/")
GEO = Namespace("http://www.opengis.net/ont/geosparql#")
# Namespaces the server writes but no researcher queries: result formats, entailment regimes.
FORMATS = Namespace("http://www.w3.org/ns/formats/")
ENTAILMENT = Namespace("http://www.w3.org/ns/entailment/")
SPARQL_RESULTS = Namespace("http://www.w3.org/2005/sparql-results#")

RDF_TYPE = RDF.type
RDF_LANG_STRING = RDF.langString
XSD_STRING = XSD.string

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


def shorten(iri: str) -> str | None:
    """``iri`` as ``prefix:local`` with the longest namespace of :data:`PREFIXES` it is a term
    of, or None when none is: the one way IRIs are shortened for people."""
    best = max(
        (p for p, ns in PREFIXES.items() if iri.startswith(ns) and len(iri) > len(ns)),
        key=lambda p: len(PREFIXES[p]),
        default=None,
    )
    return None if best is None else f"{best}:{iri[len(PREFIXES[best]) :]}"


def default_prefixes() -> dict[str, str]:
    """The prefixes every query may use without a PREFIX line (as on Wikidata's endpoint): the
    table above, which the service description declares."""
    return dict(PREFIXES)


__all__ = [
    "DCAT",
    "DCTERMS",
    "DEFAULT_BASE",
    "ENTAILMENT",
    "FOAF",
    "FORMATS",
    "GEO",
    "GRAPH",
    "ID",
    "IKKAN",
    "ORG",
    "OWL",
    "PREFIXES",
    "PROV",
    "QB",
    "RDF",
    "RDFS",
    "RDF_LANG_STRING",
    "RDF_TYPE",
    "SCHEMA",
    "SD",
    "SH",
    "SHAPES",
    "SKOS",
    "SPARQL_RESULTS",
    "TIME",
    "VOID",
    "WD",
    "XSD",
    "XSD_STRING",
    "Namespace",
    "default_prefixes",
    "shorten",
]
