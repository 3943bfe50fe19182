"""The build: from the curated files to a validated graph, an embedded store and dumps.

``pipeline`` orchestrates the steps; each other module does one of them (find the inputs, parse
Turtle, convert tables, derive calendar and inferred triples, check the source documents,
validate with SHACL, describe the data set, write dumps and the store). The build never imports
the web application.
"""
