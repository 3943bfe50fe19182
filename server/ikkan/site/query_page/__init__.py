"""The query page's services: run a researcher's query, shape its answer, offer completions.

:mod:`.run` plans and runs the query through the endpoint's own plan and keeps one page of the
answer; :mod:`.results` turns solutions into table cells with labelled, linked IRIs; :mod:`.turtle`
writes a graph result as Turtle with links; :mod:`.show` puts them together for the page (or says
why there is no answer); :mod:`.completions` gives the editor the prefixes, classes and
properties of the graph.
"""
