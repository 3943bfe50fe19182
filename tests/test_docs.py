"""The README documents every setting and every command, and the ontology documents every term.

Modelled on Datasette's documentation tests: adding a setting, a sub-command or an ontology term
without documenting it fails the build, so the documentation cannot fall behind the code.
"""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph, Literal
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS

from ikkan.builder.vocab import IKKAN
from ikkan.cli import build_parser
from ikkan.settings import SETTINGS, markdown_table

PROJECT = Path(__file__).resolve().parents[1]
README = (PROJECT / "README.md").read_text(encoding="utf-8")


def test_the_readme_settings_table_is_the_one_written_from_the_fields() -> None:
    table = markdown_table()
    assert table in README, (
        "README's settings table differs from the fields; replace it with the output of "
        "python -c 'from ikkan.settings import markdown_table; print(markdown_table())'"
    )


def test_every_setting_is_in_the_readme() -> None:
    missing = [s.env_var for s in SETTINGS if f"`{s.env_var}`" not in README]
    assert missing == []


def test_every_command_is_in_the_readme() -> None:
    parser = build_parser()
    commands = next(a for a in parser._actions if a.dest == "command").choices
    assert commands is not None
    missing = [name for name in commands if f"`ikkan {name}" not in README]
    assert missing == []


def test_the_readme_gives_the_two_commands() -> None:
    assert "make serve" in README and "make test" in README


def test_every_ontology_term_has_labels_and_definitions_in_both_languages() -> None:
    graph = Graph().parse(PROJECT / "ontology/ikkan.ttl")
    terms = [
        s
        for kind in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)
        for s in graph.subjects(RDF.type, kind)
        if str(s).startswith(str(IKKAN))
    ]
    assert len(terms) > 150
    lacking = []
    for term in terms:
        for prop in (RDFS.label, SKOS.definition):
            langs = {o.language for o in graph.objects(term, prop) if isinstance(o, Literal)}
            if not {"ja", "en"} <= langs:
                lacking.append((str(term), str(prop)))
        if (term, RDFS.isDefinedBy, None) not in graph:
            lacking.append((str(term), "rdfs:isDefinedBy"))
    assert lacking == []


def test_the_ontology_has_its_metadata() -> None:
    graph = Graph().parse(PROJECT / "ontology/ikkan.ttl")
    ontology = next(graph.subjects(RDF.type, OWL.Ontology))
    for prop in ("title", "description", "license", "creator", "modified"):
        assert (ontology, DCTERMS[prop], None) in graph, prop
    assert (ontology, OWL.versionIRI, None) in graph


def test_every_route_is_in_the_readme() -> None:
    from ikkan.settings import load_settings
    from ikkan.web.app import create_app

    app = create_app(load_settings({"project_dir": str(PROJECT)}, environ={}), store=_NoStore())
    missing = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        stem = rule.rule.split("<", 1)[0].rstrip("/.") or "/"
        if f"`{stem}" not in README:
            missing.append(rule.rule)
    assert missing == []


class _NoStore:
    """Routes are registered without asking the store anything."""

    def close(self) -> None:
        pass
