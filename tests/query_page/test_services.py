"""The query page's services, one at a time: cells, charts, Turtle with links, pages, errors.

These take pyoxigraph terms made here, so each rule is seen on its own; the same services run
on the real build in test_views.py.
"""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from ikkan.site.charts import bar_chart, fit, nice_step, text_width
from ikkan.site.query_page.results import curie, table, term_cell
from ikkan.site.query_page.run import normalise, pager
from ikkan.site.query_page.show import downloads, excerpt, fits, problem
from ikkan.site.query_page.turtle import turtle_html, used_prefixes
from ikkan.sparql import conneg
from ikkan.sparql.filenames import content_disposition, result_filename
from ikkan.store.base import QueryRefused, QuerySyntaxError, ResultKind

BASE = "https://w3id.org/ikkan/"
XSD = "http://www.w3.org/2001/XMLSchema#"
SCHOOL = BASE + "id/school/092088-otome-es"
LABELS = {SCHOOL: ("乙女小学校", "ja")}


def test_iri_cells_show_labels_and_link_locally() -> None:
    cell = term_cell(ox.NamedNode(SCHOOL), LABELS, BASE)
    assert (cell.kind, cell.text, cell.href, cell.title, cell.lang) == (
        "iri",
        "乙女小学校",
        "/id/school/092088-otome-es",
        SCHOOL,
        "ja",
    )
    assert not cell.external
    wikidata = term_cell(ox.NamedNode("http://www.wikidata.org/entity/Q44843"), {}, BASE)
    assert (wikidata.text, wikidata.href, wikidata.external) == (
        "wd:Q44843",
        "http://www.wikidata.org/entity/Q44843",
        True,
    )
    unknown = term_cell(ox.NamedNode("http://example.org/x"), {}, BASE)
    assert unknown.text == "http://example.org/x"


def test_literal_cells_keep_language_and_datatype_for_hover() -> None:
    ja = term_cell(ox.Literal("小山市", language="ja"), {}, BASE)
    assert (ja.text, ja.title, ja.lang, ja.numeric) == ("小山市", "@ja", "ja", False)
    number = term_cell(ox.Literal("167820", datatype=ox.NamedNode(XSD + "integer")), {}, BASE)
    assert (number.title, number.number) == ("xsd:integer", 167820.0)
    date = term_cell(ox.Literal("2017-04", datatype=ox.NamedNode(XSD + "gYearMonth")), {}, BASE)
    assert (date.title, date.numeric) == ("xsd:gYearMonth", False)
    plain = term_cell(ox.Literal("C209210000017"), {}, BASE)
    assert plain.title == "xsd:string"
    assert term_cell(None, {}, BASE).kind == "empty"
    assert term_cell(ox.BlankNode("b0"), {}, BASE).text == "_:b0"


def test_curie_takes_the_longest_namespace() -> None:
    assert curie(BASE + "ontology#School") == "ikkan:School"
    assert curie(BASE + "id/school/x") == "id:school/x"
    assert curie("http://example.org/") is None


def _rows(*pairs: tuple[str, int]) -> list[list[ox.NamedNode | ox.Literal | None]]:
    integer = ox.NamedNode(XSD + "integer")
    return [
        [ox.Literal(label, language="ja"), ox.Literal(str(n), datatype=integer)]
        for label, n in pairs
    ]


def test_a_label_and_a_number_make_a_bar_chart() -> None:
    cells = table(
        _rows(("乙女中学校区", 692), ("豊田中学校区", 450), ("絹中学校区", 270)), {}, BASE
    )
    chart = bar_chart(["district", "pupils"], cells)
    assert chart is not None
    assert (chart.label_column, chart.value_column) == ("district", "pupils")
    assert [r.label for r in chart.rows] == ["乙女中学校区", "豊田中学校区", "絹中学校区"]
    widths = [b.width for b in chart.bars]
    assert widths[0] > widths[1] > widths[2] > 0
    assert abs(widths[0] / widths[2] - 692 / 270) < 0.01
    assert chart.ticks[0].text == "0" and chart.ticks[-1].text == "800"


def test_no_chart_unless_exactly_one_label_and_one_number() -> None:
    two_numbers = table([[ox.Literal("1", datatype=ox.NamedNode(XSD + "integer"))] * 2], {}, BASE)
    assert bar_chart(["a", "b"], two_numbers) is None
    three = table([[*row, ox.Literal("x")] for row in _rows(("a", 1))], {}, BASE)
    assert bar_chart(["a", "b", "c"], three) is None
    assert bar_chart(["a", "b"], []) is None
    # An unbound third column does not count.
    with_empty = table([[*row, None] for row in _rows(("a", 1), ("b", 2))], {}, BASE)
    assert bar_chart(["a", "b", "c"], with_empty) is not None


def test_an_iri_its_label_and_several_numbers_make_bars_on_one_scale() -> None:
    integer = ox.NamedNode(XSD + "integer")
    rows: list[list[ox.NamedNode | ox.Literal | None]] = [
        [
            ox.NamedNode(BASE + f"id/grade/{grade}"),
            ox.Literal(f"第{grade}学年", language="ja"),
            *(ox.Literal(str(n), datatype=integer) for n in numbers),
        ]
        for grade, numbers in ((1, (79, 49, 35)), (9, (92, 49, None)))
    ]
    rows[1][-1] = None  # a missing figure leaves its bar out, not the row
    cells = table(rows, {}, BASE)
    chart = bar_chart(["grade", "gradeLabel", "otome", "toyoda", "kinu"], cells)
    assert chart is not None
    assert (chart.label_column, chart.value_columns) == ("gradeLabel", ("otome", "toyoda", "kinu"))
    first, ninth = chart.rows
    assert (first.label, first.href) == ("第1学年", "/id/grade/1")  # the label links its IRI
    assert [b.series for b in first.bars] == [0, 1, 2] and [b.series for b in ninth.bars] == [0, 1]
    widths = {b.value: b.width for row in chart.rows for b in row.bars}
    assert widths[92] / widths[35] == pytest.approx(92 / 35, rel=0.01)  # one scale for all
    assert chart.ticks[-1].text == "100"
    # Five numbers are too many to read as bars; two label columns of text are ambiguous.
    five = table([[*r[:2], *r[2:], *r[2:]] for r in rows[:1]], {}, BASE)
    assert bar_chart(["g", "l", "a", "b", "c", "d", "e", "f"], five) is None
    text = table([[ox.Literal("a"), ox.Literal("b"), rows[0][2]]], {}, BASE)
    assert bar_chart(["a", "b", "n"], text) is None


def test_negative_values_and_ticks() -> None:
    cells = table(_rows(("a", -5), ("b", 10)), {}, BASE)
    chart = bar_chart(["l", "v"], cells)
    assert chart is not None
    negative, positive = chart.bars
    assert negative.x < chart.zero and negative.x + negative.width == pytest.approx(chart.zero)
    assert positive.x == pytest.approx(chart.zero)
    assert [nice_step(s) for s in (10, 692, 0.3, 0)] == [2.0, 200.0, 0.1, 1.0]


def test_long_labels_are_cut_to_fit() -> None:
    assert text_width("abc") < text_width("小山市")
    cut = fit("小山市小中一貫教育推進基本計画策定委員会", 100)
    assert cut.endswith("…") and text_width(cut) <= 100


def test_turtle_links_every_iri() -> None:
    triples = [
        ox.Triple(
            ox.NamedNode(SCHOOL),
            ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"),
            ox.Literal("乙女小学校 <b>", language="ja"),
        ),
        ox.Triple(
            ox.NamedNode(SCHOOL),
            ox.NamedNode("http://www.w3.org/2002/07/owl#sameAs"),
            ox.NamedNode("http://www.wikidata.org/entity/Q1"),
        ),
    ]
    html = str(turtle_html(triples, BASE, LABELS))
    assert f'<a href="/id/school/092088-otome-es" title="乙女小学校">&lt;{SCHOOL}&gt;</a>' in html
    assert 'href="http://www.w3.org/2000/01/rdf-schema#label"' in html and ">rdfs:label</a>" in html
    assert 'rel="noopener external">wd:Q1</a>' in html
    assert "&lt;b&gt;" in html and "<b>" not in html
    assert "@prefix id:" not in html  # entity IRIs are written whole
    assert set(used_prefixes(triples)) == {"rdfs", "owl", "wd"}


def test_pages_of_a_result() -> None:
    page = pager(3, 100, 250)
    assert (page.number, page.pages, page.start, page.end) == (3, 3, 200, 250)
    assert page.has_previous and not page.has_next
    assert pager(9, 100, 250).number == 3 and pager(0, 100, 0).number == 1
    assert pager(1, 100, 0).pages == 1


def test_a_syntax_error_points_at_its_line() -> None:
    query = "PREFIX x: <http://x/>\nSELECT * WHERE {\n  ?s ?p ?o ) }\n"
    shown = problem(
        QuerySyntaxError("Malformed query at line 3, column 12: expected X\n\n  …\n", 3, 12),
        query,
    )
    assert (shown.status, shown.line, shown.column) == (400, 3, 12)
    assert shown.message == "Malformed query at line 3, column 12: expected X"
    error = [line for line in shown.excerpt if line.error]
    assert [(e.number, e.before, e.at, e.after) for e in error] == [(3, "  ?s ?p ?o ", ")", " }")]
    assert [line.number for line in shown.excerpt] == [1, 2, 3, 4]
    assert excerpt("a\nb", 9, 1) == ()
    refused = problem(QueryRefused("SERVICE <http://x/> is refused"), query)
    assert (refused.status, refused.kind, refused.excerpt) == (403, "QueryRefused", ())


def test_downloads_use_the_endpoints_format_names() -> None:
    links = downloads("/sparql", "SELECT * WHERE { ?s ?p ?o } LIMIT 1", ResultKind.SOLUTIONS)
    assert [d.name for d in links] == ["csv", "tsv", "json", "xml"]
    assert (
        links[0].url
        == "/sparql?query=SELECT%20%2A%20WHERE%20%7B%20%3Fs%20%3Fp%20%3Fo%20%7D%20LIMIT%201"
        "&format=csv"
    )
    graph = downloads("/sparql", "DESCRIBE <http://x/>", ResultKind.GRAPH)
    assert [d.name for d in graph] == ["turtle", "jsonld", "ntriples", "rdfxml"]
    long = downloads("/sparql", "# " + "あ" * 3000 + "\nASK {}", ResultKind.BOOLEAN)
    assert all(d.url is None for d in long) and not fits("/" + "x" * 9000)


def test_every_endpoint_format_has_a_file_extension() -> None:
    for formats in conneg.TABLES.values():
        for fmt in formats:
            assert fmt.suffix, fmt.name
            assert conneg.suffix_of(fmt.media_type) == fmt.suffix
    assert result_filename("ASK {}", "text/csv").endswith(".csv")
    assert content_disposition("ASK {}", "text/turtle").startswith(
        'inline; filename="ikkan-result-'
    )


def test_browsers_line_breaks_are_normalised() -> None:
    assert normalise("a\r\nb\rc\n") == "a\nb\nc\n"
