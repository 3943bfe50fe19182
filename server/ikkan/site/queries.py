"""Every query an entity page asks the graph, by name, in the order a page asks them.

A page's services (:mod:`.entity`, :mod:`.context`, :mod:`.provenance`, :mod:`.statistics`,
:mod:`.timeline`, :mod:`.disambiguation`, :mod:`.labels`) fill these templates with
``str.format``; every value put in is a term already written by :mod:`.sparql_terms` (an IRI
checked by pyoxigraph, a ``VALUES`` block of checked IRIs) or a number, never text from a
request. The whole page runs as one task in a query process (:mod:`ikkan.store.tasks`), so
these queries cost no round trip each. Placeholders: ``{entity}`` the entity's IRI written as a
term, ``{e}`` / ``{xs}`` … ``VALUES`` blocks, ``{limit}`` and ``{offset}`` numbers.
"""

from __future__ import annotations

from .sparql_terms import DCTERMS, IKKAN, QB, RDFS, SKOS

_SUB_PROPERTY = f"<{RDFS}subPropertyOf>"
_SUB_CLASS = f"<{RDFS}subClassOf>"

# --- the entity itself (entity.py) ---------------------------------------------------------

EXISTS = "ASK {{ {{ {entity} ?p ?o }} UNION {{ ?s ?p {entity} }} }}"

# With the named graph (layer) that states each triple, so a page can cite each statement's
# source: a school's page shows which facts are the list's and which the source document's.
OUTGOING = (
    "SELECT ?p ?o ?g WHERE {{ {entity} ?p ?o . OPTIONAL {{ GRAPH ?g {{ {entity} ?p ?o }} }} }} "
    "LIMIT {limit}"
)

# The ontology's hierarchies, each asked once per data set version by a query process and kept
# (hierarchy.py): every (sub, super) pair along one or more steps.
SUB_PROPERTY_CLOSURE = (
    f"SELECT ?sub ?super WHERE {{{{ ?sub {_SUB_PROPERTY}+ ?super }}}} LIMIT {{limit}}"
)
SUB_CLASS_CLOSURE = f"SELECT ?sub ?super WHERE {{{{ ?sub {_SUB_CLASS}+ ?super }}}} LIMIT {{limit}}"

# Which of the entity's properties and classes are superproperties / superclasses of others
# (asked only when the hierarchies were too large to keep).
SUPER_TERMS = (
    "SELECT DISTINCT ?super WHERE {{ {subs} {supers} "
    f"{{{{ ?sub {_SUB_PROPERTY}+ ?super }}}} UNION {{{{ ?sub {_SUB_CLASS}+ ?super }}}} "
    "FILTER(?sub != ?super) }}"
)

# Which of the entity's properties the build derived from a subproperty stated beside them.
SUB_PROPERTIES = (
    f"SELECT ?sub ?super WHERE {{{{ {{subs}} {{supers}} ?sub {_SUB_PROPERTY}+ ?super }}}}"
)

# Every link into the entity, unordered: a page sorts, counts and pages them itself when they
# are few enough (Oxigraph's ORDER BY reads each term's text again at every comparison: 7 ms
# for sixty links), and leaves out those the build derived from a subproperty stated beside them.
INCOMING = "SELECT ?s ?p WHERE {{ ?s ?p {entity} }} LIMIT {limit}"
# The same, for an entity with more links into it than a page sorts itself.
_NOT_DERIVED = "FILTER NOT EXISTS {{ ?s ?sub {entity} . ?sub " + _SUB_PROPERTY + "+ ?p }}"
INCOMING_COUNTS = (
    "SELECT ?p (COUNT(DISTINCT ?s) AS ?n) WHERE {{ ?s ?p {entity} "
    + _NOT_DERIVED
    + " }} GROUP BY ?p ORDER BY DESC(?n) LIMIT 500"
)
INCOMING_PAGE = (
    "SELECT DISTINCT ?s ?p WHERE {{ ?s ?p {entity} "
    + _NOT_DERIVED
    + " }} ORDER BY ?p ?s LIMIT {limit} OFFSET {offset}"
)

# The entity's RDF document: its triples, the triples into it, the labels of both ends (those of
# the linking nodes by DOCUMENT_LABELS when the links into it are already known).
DOCUMENT_OUTGOING = (
    "CONSTRUCT {{ {entity} ?p ?o . ?o ?lp ?l }} WHERE {{ {entity} ?p ?o . "
    "OPTIONAL {{ FILTER(isIRI(?o)) VALUES ?lp {{ {labels} }} ?o ?lp ?l }} }} LIMIT {limit}"
)
DOCUMENT_INCOMING = (
    "CONSTRUCT {{ ?s ?p {entity} . ?s ?lp ?l }} WHERE {{ "
    "{{ SELECT ?s ?p WHERE {{ ?s ?p {entity} }} ORDER BY ?p ?s LIMIT {limit} }} "
    "OPTIONAL {{ FILTER(isIRI(?s)) VALUES ?lp {{ {labels} }} ?s ?lp ?l }} }}"
)

DOCUMENT_LABELS = (
    "CONSTRUCT {{ ?s ?lp ?l }} WHERE {{ {subjects} ?s ?lp ?l . FILTER(?lp IN ({labels})) }}"
)

# --- labels (labels.py) --------------------------------------------------------------------

# FILTER(?p IN …), not a second VALUES block: Oxigraph joins two VALUES blocks after scanning
# ?s ?p ?label (0.6 s on 9 million triples) but filters this form in 2 ms.
LABELS = (
    "SELECT ?s ?p ?label WHERE {{ VALUES ?s {{ {subjects} }} ?s ?p ?label . "
    "FILTER(?p IN ({properties}) && isLiteral(?label)) }}"
)

# --- where the entity sits (context.py, disambiguation.py) ---------------------------------

# Every container above the entity, with the property that names each step: the page picks the
# most specific step at each level itself, so the whole chain costs one query. The properties
# are a FILTER, not a VALUES block: with VALUES, Oxigraph first lists every (?child ?p ?parent)
# of the graph and then walks the path from each (3 s at 5,000 schools); filtered, it walks
# the path from the entity and reads each step's own triples (0.4 ms).
ANCESTORS = (
    "SELECT ?child ?p ?parent WHERE {{ {entity} ({parent_path})* ?child . "
    "?child ?p ?parent . FILTER(?p IN ({parents}) && isIRI(?parent)) }} LIMIT {limit}"
)
# The containers of several nodes at once (to tell apart two things of one name).
CONTAINERS = (
    "SELECT ?s ?p ?parent WHERE {{ {nodes} ?s ?p ?parent "
    "FILTER(?p IN ({parents}) && isIRI(?parent)) }}"
)
IDENTIFIER_SOURCES = (
    "SELECT ?src ?repo ?path ?commit ?primary ?licence WHERE {{ {sources} "
    f"OPTIONAL {{{{ ?src <{IKKAN}repository> ?repo }}}} "
    f"OPTIONAL {{{{ ?src <{IKKAN}path> ?path }}}} "
    f"OPTIONAL {{{{ ?src <{IKKAN}commit> ?commit }}}} "
    f"OPTIONAL {{{{ ?src <{IKKAN}primarySource> ?primary }}}} "
    f"OPTIONAL {{{{ ?src <{DCTERMS}license> ?licence }}}} }}}} LIMIT 100"
)

# --- the source passages it cites (provenance.py) ------------------------------------------

SECTIONS = (
    "SELECT ?sec ?heading ?start ?end ?text ?order WHERE {{ "
    f"{{e}} ?e <{IKKAN}statedIn> ?sec . "
    f"OPTIONAL {{{{ ?sec <{IKKAN}heading> ?heading }}}} "
    f"OPTIONAL {{{{ ?sec <{IKKAN}lineStart> ?start }}}} "
    f"OPTIONAL {{{{ ?sec <{IKKAN}lineEnd> ?end }}}} "
    f"OPTIONAL {{{{ ?sec <{IKKAN}text> ?text }}}} "
    f"OPTIONAL {{{{ ?sec <{IKKAN}order> ?order }}}} "
    "}} ORDER BY ?order ?start LIMIT {limit}"
)
SECTION_PARENTS = (
    "SELECT ?a ?up WHERE {{ {sections} "
    f"?sec <{DCTERMS}isPartOf>* ?a . ?a <{DCTERMS}isPartOf> ?up }}}} LIMIT 1000"
)

# --- its figures (statistics.py) -----------------------------------------------------------

# The entity and the units beneath it whose figures its page shows.
STATISTICAL_UNITS = (
    "SELECT DISTINCT ?unit WHERE {{ {{ VALUES ?unit {{ {entity} }} }} "
    f"UNION {{{{ ?unit <{IKKAN}partOfDistrict> {{entity}} }}}} "
    f"UNION {{{{ ?unit <{IKKAN}district> {{entity}} }}}} "
    f"UNION {{{{ ?unit <{IKKAN}groupMember> {{entity}} }}}} "
    "}} LIMIT {limit}"
)
GROUP_SIZES = (
    "SELECT ?unit (COUNT(DISTINCT ?member) AS ?n) WHERE {{ {units} "
    f"?unit <{IKKAN}groupMember> ?member }}}} GROUP BY ?unit"
)
OBSERVATIONS = (
    "SELECT ?unit ?table ?grade ?measure ?value ?period ?wording ?gnum ?total WHERE {{ {units} "
    f"?obs <{IKKAN}refUnit> ?unit ; <{QB}dataSet> ?table ; <{QB}measureType> ?measure . "
    "?obs ?measure ?value . "
    f"OPTIONAL {{{{ ?obs <{IKKAN}refGrade> ?grade . "
    f"OPTIONAL {{{{ ?grade <{IKKAN}gradeNumber> ?gnum }}}} "
    f"OPTIONAL {{{{ ?grade <{IKKAN}isTotal> ?total }}}} }}}} "
    f"OPTIONAL {{{{ ?obs <{IKKAN}refPeriod> ?period }}}} "
    f"OPTIONAL {{{{ ?obs <{IKKAN}dateWording> ?wording }}}} "
    "}} LIMIT {limit}"
)
# The largest pupils-per-grade figure over the tables meant to be compared with each table.
SHARED_SCALES = (
    "SELECT ?table ?other (MAX(?pupils) AS ?top) WHERE {{ {tables} "
    f"?table <{QB}structure> ?structure ; <{IKKAN}municipality> ?municipality . "
    f"?other <{QB}structure> ?structure ; <{IKKAN}municipality> ?municipality . "
    f"?obs <{QB}dataSet> ?other ; <{IKKAN}refGrade> ?grade ; <{IKKAN}pupils> ?pupils . "
    f"?grade <{IKKAN}gradeNumber> ?number }}}} GROUP BY ?table ?other LIMIT {{limit}}"
)

# --- its history (timeline.py) -------------------------------------------------------------

PROGRAMMES = f"SELECT ?p WHERE {{{{ {{e}} ?e <{IKKAN}programme> ?p }}}} LIMIT 20"
EVENTS = (
    "SELECT ?e ?date ?planned ?fy ?wording ?kind ?staged WHERE {{ "
    f"{{{{ {{histories}} ?e <{IKKAN}historyOf> ?h }}}} UNION "
    f"{{{{ {{x}} ?e <{IKKAN}mergedSchool>|<{IKKAN}resultingSchool> ?x }}}} "
    # The list's merger events are dated by the date the list records the schools closed.
    f"OPTIONAL {{{{ ?e <{IKKAN}date>|<{IKKAN}recordDate> ?date }}}} "
    f"OPTIONAL {{{{ ?e <{IKKAN}plannedDate> ?planned }}}} "
    # A fiscal year, or the run of fiscal years of something dated only as 平成19～21年度.
    f"OPTIONAL {{{{ ?e <{IKKAN}fiscalYear>|<{IKKAN}period> ?fy }}}} "
    f"OPTIONAL {{{{ ?e <{IKKAN}dateWording> ?wording }}}} "
    f"OPTIONAL {{{{ ?e <{IKKAN}eventType> ?kind }}}} "
    f"OPTIONAL {{{{ ?e <{IKKAN}stage>/<{IKKAN}startDate> ?staged }}}} "
    "}} LIMIT {limit}"
)
STAGES = (
    "SELECT ?e ?start ?end WHERE {{ "
    f"{{histories}} ?h <{IKKAN}stage> ?e . "
    f"OPTIONAL {{{{ ?e <{IKKAN}startDate> ?start }}}} "
    f"OPTIONAL {{{{ ?e <{IKKAN}endDate> ?end }}}} "
    "}} LIMIT 100"
)
EVENT_LINKS = "SELECT ?e ?p ?o WHERE {{ {events} {links} ?e ?p ?o FILTER(isIRI(?o)) }} LIMIT 2000"

# --- the schools of a place and their history (places.py, succession.py) -------------------

# The schools of a place: placed in it by their address (the list), or by the seed's own link
# to its municipality (curated schools the list does not have). ``{place}`` is the place's IRI.
# The school's facts are asked apart (SCHOOL_FACTS, RECORD_FACTS): joined here, Oxigraph took
# 22 ms for 小山市's 41 schools, apart 4 ms.
PLACE_SCHOOLS = (
    "SELECT DISTINCT ?s WHERE {{ "
    f"{{{{ ?s <{IKKAN}locatedIn> {{place}} }}}} "
    f"UNION {{{{ ?s <{IKKAN}locatedInWard> {{place}} }}}} "
    f"UNION {{{{ ?s <{IKKAN}municipality> {{place}} }}}} "
    f"FILTER EXISTS {{{{ ?s a <{IKKAN}School> }}}} "
    "}} LIMIT {limit}"
)
# Facts of several schools (``{schools}``: a VALUES block of ?s; ``{properties}``: IRIs).
SCHOOL_FACTS = (
    "SELECT ?s ?p ?o WHERE {{ {schools} ?s ?p ?o FILTER(?p IN ({properties})) }} LIMIT {limit}"
)
# … and of their records in the list.
RECORD_FACTS = (
    "SELECT ?s ?p ?o WHERE {{ {schools} "
    f"?r <{IKKAN}recordOf> ?s . ?r ?p ?o FILTER(?p IN ({{properties}})) }}}} LIMIT {{limit}}"
)
# Every successor link reachable from several schools (chains may leave the place).
SUCCESSIONS_FROM = (
    "SELECT DISTINCT ?a ?b WHERE {{ {schools} "
    f"?s <{IKKAN}successor>* ?a . ?a <{IKKAN}successor> ?b }}}} LIMIT {{limit}}"
)
# Every successor link into and out of one school, followed both ways.
SCHOOL_SUCCESSIONS = (
    "SELECT DISTINCT ?a ?b WHERE {{ "
    f"{{{{ {{entity}} <{IKKAN}successor>* ?a . ?a <{IKKAN}successor> ?b }}}} UNION "
    f"{{{{ ?a <{IKKAN}successor> ?b . ?b <{IKKAN}successor>* {{entity}} }}}} "
    "}} LIMIT {limit}"
)
# What the list records of each of several schools (``{schools}``: a VALUES block of ?s).
RECORDS = (
    "SELECT ?s ?r ?p ?o WHERE {{ {schools} "
    f"?r <{IKKAN}recordOf> ?s ; ?p ?o . "
    "FILTER(?p IN ({properties})) }} LIMIT {limit}"
)

# The municipalities of a prefecture, and the schools placed in each, counted by kind and
# the list's status.
PREFECTURE_MUNICIPALITIES = (
    "SELECT DISTINCT ?m ?code WHERE {{ "
    f"?m <{IKKAN}inPrefecture> {{place}} ; <{IKKAN}localGovernmentCode> ?code . "
    f"FILTER NOT EXISTS {{{{ ?m <{IKKAN}wardOf> ?city }}}} "
    "}} LIMIT {limit}"
)
PREFECTURE_COUNTS = (
    "SELECT ?m ?kind ?listed (COUNT(DISTINCT ?s) AS ?n) WHERE {{ "
    f"?m <{IKKAN}inPrefecture> {{place}} . ?s <{IKKAN}locatedIn> ?m ; <{IKKAN}schoolKind> ?kind . "
    f"OPTIONAL {{{{ ?s <{IKKAN}listStatus> ?listed }}}} "
    "}} GROUP BY ?m ?kind ?listed LIMIT {limit}"
)
# The schools of one kind placed in the prefecture's municipalities, with how many closed
# schools the list names them the successor of.
PREFECTURE_KIND_SCHOOLS = (
    "SELECT ?s ?m ?code ?listed (COUNT(DISTINCT ?x) AS ?absorbed) WHERE {{ "
    f"?m <{IKKAN}inPrefecture> {{place}} . "
    f"?s <{IKKAN}locatedIn> ?m ; <{IKKAN}schoolKind> {{kind}} . "
    f"OPTIONAL {{{{ ?s <{IKKAN}schoolCode> ?code }}}} "
    f"OPTIONAL {{{{ ?s <{IKKAN}listStatus> ?listed }}}} "
    f"OPTIONAL {{{{ ?x <{IKKAN}successor> ?s }}}} "
    "}} GROUP BY ?s ?m ?code ?listed ORDER BY ?code LIMIT {limit}"
)
# The kinds of school of the list, in the list's order (their notations: B1, C1, C2 …).
SCHOOL_KINDS = (
    f"SELECT ?kind ?notation WHERE {{{{ {{kinds}} ?kind <{SKOS}notation> ?notation }}}} LIMIT 200"
)
