"""The vocabulary terms the national layer writes, as N-Quads nodes (``<iri>``) made once.

Ontology terms come from :mod:`ikkan.namespaces`, so a namespace is spelled in one place; the
national terms are declared in ``ontology/ikkan.ttl`` (section "National layer").
"""

from __future__ import annotations

from ...namespaces import DCAT, DCTERMS, IKKAN, OWL, RDF, RDFS, SKOS, VOID, XSD


def node(iri: str) -> str:
    return f"<{iri}>"


def ikkan(name: str) -> str:
    return node(IKKAN[name])


TYPE = node(RDF.type)
LABEL = node(RDFS.label)
SEE_ALSO = node(RDFS.seeAlso)
PREF_LABEL = node(SKOS.prefLabel)
ALT_LABEL = node(SKOS.altLabel)
NOTATION = node(SKOS.notation)
IN_SCHEME = node(SKOS.inScheme)
TOP_CONCEPT_OF = node(SKOS.topConceptOf)
HAS_TOP_CONCEPT = node(SKOS.hasTopConcept)
DEFINITION = node(SKOS.definition)
CONCEPT = node(SKOS.Concept)
CONCEPT_SCHEME = node(SKOS.ConceptScheme)
EXACT_MATCH = node(SKOS.exactMatch)
CLOSE_MATCH = node(SKOS.closeMatch)
DESCRIPTION = node(DCTERMS.description)
TITLE = node(DCTERMS.title)
LICENSE = node(DCTERMS.license)
ISSUED = node(DCTERMS.issued)
CREATED = node(DCTERMS.created)
SOURCE = node(DCTERMS.source)
RIGHTS = node(DCTERMS.rights)
CITATION = node(DCTERMS.bibliographicCitation)
DOWNLOAD_URL = node(DCAT.downloadURL)
VOID_DATASET = node(VOID.Dataset)
VOID_LINKSET = node(VOID.Linkset)
VOID_TRIPLES = node(VOID.triples)
VOID_SUBSET = node(VOID.subset)
LINK_PREDICATE = node(VOID.linkPredicate)
SUBJECTS_TARGET = node(VOID.subjectsTarget)
OBJECTS_TARGET = node(VOID.objectsTarget)
URI_SPACE = node(VOID.uriSpace)
SAME_AS = node(OWL.sameAs)

XSD_DATE = node(XSD.date)
XSD_INTEGER = node(XSD.integer)
XSD_NON_NEGATIVE = node(XSD.nonNegativeInteger)
XSD_HEX_BINARY = node(XSD.hexBinary)

# Classes
PREFECTURE = ikkan("Prefecture")
MUNICIPALITY = ikkan("Municipality")
WARD = ikkan("DesignatedCityWard")
REGISTRY_RECORD = ikkan("RegistryRecord")
IDENTIFIER_SOURCE_CLASS = ikkan("IdentifierSource")
SCHOOL_MERGER = ikkan("SchoolMerger")

# Properties of places
LOCAL_GOVERNMENT_CODE = ikkan("localGovernmentCode")
ISO3166_2 = ikkan("iso3166_2")
IN_PREFECTURE = ikkan("inPrefecture")
WARD_OF = ikkan("wardOf")
KANA_READING = ikkan("kanaReading")
LOCATED_IN = ikkan("locatedIn")
LOCATED_IN_WARD = ikkan("locatedInWard")

# Properties of schools
SCHOOL_CODE = ikkan("schoolCode")
SCHOOL_KIND = ikkan("schoolKind")
FOUNDER_CATEGORY = ikkan("founderCategory")
LIST_STATUS = ikkan("listStatus")
SUCCESSOR = ikkan("successor")
BRANCH_OF = ikkan("branchOf")
IDENTIFIER_SOURCE = ikkan("identifierSource")

# Properties of registry records (as data/oyama/later-sources.ttl uses them, and new ones)
RECORD_OF = ikkan("recordOf")
NAME_IN_RECORD = ikkan("nameInRecord")
ADDRESS_IN_RECORD = ikkan("addressInRecord")
POSTAL_CODE_IN_RECORD = ikkan("postalCodeInRecord")
STATUS_IN_RECORD = ikkan("statusInRecord")
KIND_IN_RECORD = ikkan("kindInRecord")
SET_DATE_IN_RECORD = ikkan("setDateInRecord")
ABOLISHED_IN_RECORD = ikkan("abolishedInRecord")
SURVEY_NUMBER_IN_RECORD = ikkan("surveyNumberInRecord")
SUCCESSOR_CODE = ikkan("successorCode")
SUCCESSOR_IN_RECORD = ikkan("successorInRecord")
SUCCESSOR_NAME_IN_RECORD = ikkan("successorNameInRecord")

# Merger events
MERGED_SCHOOL = ikkan("mergedSchool")
RESULTING_SCHOOL = ikkan("resultingSchool")
RECORD_DATE = ikkan("recordDate")
MERGED_SCHOOL_COUNT = ikkan("mergedSchoolCount")
STATUS = ikkan("status")

# Identifier sources
REPOSITORY = ikkan("repository")
PATH = ikkan("path")
COMMIT = ikkan("commit")
PRIMARY_SOURCE = ikkan("primarySource")
REFERENCE_DATE = ikkan("referenceDate")
SHA256 = ikkan("sha256")
