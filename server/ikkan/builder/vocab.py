"""The project's namespaces as the build uses them: rdflib namespaces whose terms are URIRefs.

The namespace IRIs are spelled once, in :mod:`ikkan.namespaces`; the build works with rdflib
graphs, whose terms must be :class:`rdflib.URIRef` (a plain string never equals one), so it
takes them from here.
"""

from __future__ import annotations

from rdflib import Namespace

from .. import namespaces

IKKAN = Namespace(str(namespaces.IKKAN))
SHAPES = Namespace(str(namespaces.SHAPES))
SH = Namespace(str(namespaces.SH))
