"""Describing the built data set with VoID: its size, its parts and its links.

The curated description (``data/dataset.ttl``) says what the data set is; this step adds what
only a build knows: the version, the number of triples and entities, one class partition per
class and one property partition per property, a subset per named graph, the linksets to other
data sets, the SPARQL endpoint and the dumps. Partition nodes get IRIs of their own (no blank
nodes), so the description is as stable as the data.
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS, VOID, XSD

from ..namespaces import PREFIXES

LINK_PREDICATES = (SKOS.exactMatch, SKOS.closeMatch, OWL.sameAs)
DUMP_FILES = ("ikkan.ttl", "ikkan.nt.gz", "ikkan.jsonld", "ikkan.trig")


def _slug(iri: str) -> str:
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(namespace) and iri[len(namespace) :].replace("-", "").isalnum():
            return f"{prefix}-{iri[len(namespace) :]}"
    return hashlib.sha1(iri.encode()).hexdigest()[:12]


def _int(value: int) -> Literal:
    return Literal(value, datatype=XSD.integer)


def describe_dataset(
    graphs: dict[URIRef, Graph], base: str, version: str, labels: dict[URIRef, str]
) -> Graph:
    """VoID statistics of ``graphs`` (the dataset graph itself excluded)."""
    id_base = base + "id/"
    dataset = URIRef(f"{id_base}dataset/ikkan")
    out = Graph()
    out.add((dataset, OWL.versionInfo, Literal(version)))
    out.add((dataset, VOID.sparqlEndpoint, URIRef(base + "sparql")))
    out.add((dataset, VOID.rootResource, URIRef(base + "id/")))
    for name in DUMP_FILES:
        out.add((dataset, VOID.dataDump, URIRef(f"{base}downloads/{name}")))

    union = Graph()
    for graph in graphs.values():
        union += graph
    subjects = set(union.subjects())
    entities = {s for s in subjects if isinstance(s, URIRef) and str(s).startswith(id_base)}
    out.add((dataset, VOID.triples, _int(len(union))))
    out.add((dataset, VOID.entities, _int(len(entities))))
    out.add((dataset, VOID.distinctSubjects, _int(len(subjects))))
    out.add((dataset, VOID.distinctObjects, _int(len(set(union.objects())))))

    class_members: dict[URIRef, set[URIRef]] = defaultdict(set)
    for s, cls in union.subject_objects(RDF.type):
        if isinstance(cls, URIRef) and isinstance(s, URIRef):
            class_members[cls].add(s)
    out.add((dataset, VOID.classes, _int(len(class_members))))
    for cls in sorted(class_members, key=str):
        part = URIRef(f"{id_base}dataset/ikkan/class/{_slug(str(cls))}")
        out.add((dataset, VOID.classPartition, part))
        out.add((part, VOID["class"], cls))
        out.add((part, VOID.entities, _int(len(class_members[cls]))))

    property_counts = Counter(p for _, p, _ in union)
    out.add((dataset, VOID.properties, _int(len(property_counts))))
    for prop in sorted(property_counts, key=str):
        assert isinstance(prop, URIRef)
        part = URIRef(f"{id_base}dataset/ikkan/property/{_slug(str(prop))}")
        out.add((dataset, VOID.propertyPartition, part))
        out.add((part, VOID.property, prop))
        out.add((part, VOID.triples, _int(property_counts[prop])))

    for graph_iri in sorted(graphs):
        out.add((dataset, VOID.subset, graph_iri))
        out.add((graph_iri, RDF.type, VOID.Dataset))
        out.add((graph_iri, VOID.triples, _int(len(graphs[graph_iri]))))
        if graph_iri in labels:
            out.add((graph_iri, RDFS.label, Literal(labels[graph_iri], lang="en")))

    targets: Counter[tuple[URIRef, str]] = Counter()
    for predicate in LINK_PREDICATES:
        for _s, o in union.subject_objects(predicate):
            if isinstance(o, URIRef) and not str(o).startswith(base):
                space = str(o).rsplit("/", 1)[0] + "/"
                targets[(predicate, space)] += 1
    for (predicate, space), count in sorted(targets.items()):
        linkset = URIRef(
            f"{id_base}dataset/ikkan/linkset/{_slug(str(predicate))}-"
            f"{hashlib.sha1(space.encode()).hexdigest()[:8]}"
        )
        target = URIRef(space)
        out.add((dataset, VOID.subset, linkset))
        out.add((linkset, RDF.type, VOID.Linkset))
        out.add((linkset, VOID.subjectsTarget, dataset))
        out.add((linkset, VOID.objectsTarget, target))
        out.add((linkset, VOID.linkPredicate, predicate))
        out.add((linkset, VOID.triples, _int(count)))
        out.add((target, RDF.type, VOID.Dataset))
        out.add((target, VOID.uriSpace, Literal(space)))
        out.add((linkset, DCTERMS.title, Literal(f"Links to {space}", lang="en")))
    return out
