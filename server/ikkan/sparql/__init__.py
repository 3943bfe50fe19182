"""The SPARQL 1.1 Protocol: negotiation, request parsing, query checks, service description.

Nothing here knows HTTP frameworks or which store answers: :mod:`ikkan.web.sparql_views` wires
these pieces to Flask and to :mod:`ikkan.store`.
"""
