"""The endpoint's SPARQL 1.1 Service Description, built for the host a request came to.

A GET on ``/sparql`` without a query answers with this graph (in any RDF format the client
negotiates): where the endpoint is (``sd:endpoint`` from the request's own URL, so it is right
behind any proxy or port), which language and result formats it speaks, that its default graph
is the union of its named graphs, which named graphs exist, the data set version and size from
the build's manifest, and, as plain text, the limits a query must stay within.
"""

from __future__ import annotations

from collections.abc import Sequence

import pyoxigraph as ox

from ..namespaces import DCTERMS, ENTAILMENT, RDF, SD, SH, VOID, XSD, default_prefixes
from ..settings import Settings
from ..sparql.conneg import GRAPH, SOLUTIONS, Format
from ..store.base import StoreInfo

_ENTAILMENT_SIMPLE = ENTAILMENT.Simple
_XSD_INTEGER = ox.NamedNode(XSD.integer)
_XSD_ANY_URI = ox.NamedNode(XSD.anyURI)


def _n(iri: object) -> ox.NamedNode:
    return ox.NamedNode(str(iri))


def _ja(text: str) -> ox.Literal:
    return ox.Literal(text, language="ja")


def _en(text: str) -> ox.Literal:
    return ox.Literal(text, language="en")


def limits_text(settings: Settings) -> str:
    return (
        f"Read-only SPARQL 1.1 Query. Each query may run {settings.query_timeout:g} s "
        f"and return {settings.max_results:,} rows or triples ({settings.max_result_bytes:,} "
        f"bytes); requests up to {settings.max_request_bytes:,} bytes. "
        "The default graph is the union of all named graphs."
    )


def description_triples(
    endpoint: str,
    settings: Settings,
    info: StoreInfo,
    named_graphs: Sequence[str],
) -> list[ox.Triple]:
    service = ox.BlankNode("service")
    dataset = ox.BlankNode("dataset")
    default_graph = ox.BlankNode("defaultGraph")
    a = _n(RDF.type)
    triples = [
        ox.Triple(service, a, _n(SD.Service)),
        ox.Triple(service, _n(SD.endpoint), ox.NamedNode(endpoint)),
        ox.Triple(service, _n(SD.supportedLanguage), _n(SD.SPARQL11Query)),
        ox.Triple(service, _n(SD.feature), _n(SD.UnionDefaultGraph)),
        ox.Triple(service, _n(SD.defaultEntailmentRegime), ox.NamedNode(_ENTAILMENT_SIMPLE)),
        ox.Triple(
            service, _n(DCTERMS.title), ox.Literal("ikkan SPARQL エンドポイント", language="ja")
        ),
        ox.Triple(service, _n(DCTERMS.title), ox.Literal("ikkan SPARQL endpoint", language="en")),
        ox.Triple(
            service, _n(DCTERMS.description), ox.Literal(limits_text(settings), language="en")
        ),
        ox.Triple(service, _n(SD.defaultDataset), dataset),
        ox.Triple(dataset, a, _n(SD.Dataset)),
        ox.Triple(dataset, _n(SD.defaultGraph), default_graph),
        ox.Triple(default_graph, a, _n(SD.Graph)),
    ]
    if settings.service_endpoints:
        triples.append(ox.Triple(service, _n(SD.feature), _n(SD.BasicFederatedQuery)))
    formats: dict[str, Format] = {f.name: f for f in (*SOLUTIONS, *GRAPH)}
    for fmt in formats.values():
        if fmt.format_iri:
            triples.append(ox.Triple(service, _n(SD.resultFormat), ox.NamedNode(fmt.format_iri)))
    if info.version != "unknown":
        triples.append(ox.Triple(dataset, _n(DCTERMS.hasVersion), ox.Literal(info.version)))
    if info.built:
        triples.append(ox.Triple(dataset, _n(DCTERMS.modified), ox.Literal(info.built)))
    if info.triples is not None:
        count = ox.Literal(str(info.triples), datatype=_XSD_INTEGER)
        triples.append(ox.Triple(default_graph, _n(VOID.triples), count))
    # The prefixes every query may use without declaring them, as SHACL declares prefixes.
    for index, (prefix, namespace) in enumerate(default_prefixes().items()):
        node = ox.BlankNode(f"prefix{index}")
        triples += [
            ox.Triple(service, _n(SH.declare), node),
            ox.Triple(node, _n(SH.prefix), ox.Literal(prefix)),
            ox.Triple(node, _n(SH.namespace), ox.Literal(namespace, datatype=_XSD_ANY_URI)),
        ]
    for index, graph_iri in enumerate(named_graphs):
        node = ox.BlankNode(f"namedGraph{index}")
        triples += [
            ox.Triple(dataset, _n(SD.namedGraph), node),
            ox.Triple(node, a, _n(SD.NamedGraph)),
            ox.Triple(node, _n(SD.name), ox.NamedNode(graph_iri)),
        ]
    return triples
