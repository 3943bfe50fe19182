"""The query page in Debian's Chromium, driven by Playwright, with and without JavaScript.

Each flow loads a research question from the gallery with one click, sees the source's rows,
downloads the CSV and reads it, follows a result link to the entity, runs a query typed into
the editor, and sees a malformed query's error with its line. With JavaScript on, the typing
uses the editor's completion (which also inserts the PREFIX line) and Ctrl-Enter. Every request
the browser makes must go to the test server (nothing from a CDN or any other host), and the
console must stay free of errors. Screenshots go to test-output/screenshots/query-*.png.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import (
    Browser,
    BrowserContext,
    ConsoleMessage,
    Page,
    Request,
    Response,
    Route,
)

from ..conftest import SCREENSHOTS
from ..support import Server

pytestmark = pytest.mark.browser

PROJECT = Path(__file__).resolve().parents[2]
OTOME_SCHOOLS = {"乙女小学校", "下生井小学校", "網戸小学校", "乙女中学校"}  # source lines 90–93
MALFORMED = """PREFIX ikkan: <https://w3id.org/ikkan/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?school ?label WHERE {
  ?school a ikkan:School ;
          rdfs:label ?label .
  FILTER(lang(?label) = "ja"
}
"""
KINDS_REST = """ ; rdfs:label ?kindLabel . FILTER(lang(?kindLabel) = "ja") }
GROUP BY ?kindLabel
ORDER BY DESC(?schools)"""


CSP_LISTENER = """document.addEventListener("securitypolicyviolation", (e) =>
  console.error("CSP violation: " + e.violatedDirective + " " + e.blockedURI));"""


@dataclass
class Watch:
    """What a browser context did that a test must check: requests elsewhere, console errors."""

    origin: str
    elsewhere: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    without_policy: list[str] = field(default_factory=list)

    def response(self, response: Response) -> None:
        """Every page the server sends runs under the content security policy."""
        if response.request.resource_type == "document" and response.url.startswith(self.origin):
            policy = response.headers.get("content-security-policy", "")
            if "default-src 'self'" not in policy:
                self.without_policy.append(response.url)

    def route(self, route: Route, request: Request) -> None:
        if request.url.startswith(self.origin + "/") or request.url.startswith("data:"):
            route.continue_()
        else:
            self.elsewhere.append(request.url)
            route.abort()

    def console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.errors.append(message.text)

    def unexpected_errors(self, *allowed_statuses: int) -> list[str]:
        """Console errors, less the browser's note of a page's own expected status."""
        allowed = [f"status of {s} " for s in allowed_statuses]
        return [e for e in self.errors if not any(a in e for a in allowed)]


def open_context(
    browser: Browser, server: Server, javascript: bool
) -> tuple[BrowserContext, Watch]:
    context = browser.new_context(
        java_script_enabled=javascript,
        locale="ja-JP",
        viewport={"width": 1280, "height": 900},
        accept_downloads=True,
    )
    watch = Watch(server.base)
    context.route("**/*", watch.route)
    context.on("console", watch.console)
    context.on("response", watch.response)
    # A blocked script, style or image is a console error too; this names it plainly.
    context.add_init_script(CSP_LISTENER)
    context.on("weberror", lambda error: watch.errors.append(str(error.error)))
    return context, watch


def screenshot(page: Page, name: str, full_page: bool = True) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"query-{name}.png"), full_page=full_page)


def result_column(page: Page, name: str) -> list[str]:
    headers = page.locator(".qp-table thead th").all_inner_texts()
    index = headers.index("?" + name) + 1
    return page.locator(f".qp-table tbody tr td:nth-child({index})").all_inner_texts()


def check_example_rows(page: Page) -> None:
    assert page.locator(".qp-count").inner_text() == "12"
    districts = result_column(page, "districtLabel")
    schools = result_column(page, "schoolLabel")
    assert {
        s for d, s in zip(districts, schools, strict=True) if d == "乙女中学校区"
    } == OTOME_SCHOOLS


def load_example_by_click(page: Page, server: Server) -> None:
    page.goto(server.base + "/query")
    page.get_by_role("link", name=re.compile("中学校区ごとの学校")).click()
    page.wait_for_url(re.compile(r"/query\?example=01-schools-by-district"))
    check_example_rows(page)
    assert page.locator("#qp-example-title").inner_text() == "中学校区ごとの学校"


def download_csv(page: Page, tmp_path: Path) -> None:
    with page.expect_download() as info:
        page.locator("a.qp-download", has_text="CSV").click()
    download = info.value
    assert download.suggested_filename.endswith(".csv")
    target = tmp_path / download.suggested_filename
    download.save_as(target)
    rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8"))))
    assert len(rows) == 12
    assert {r["schoolLabel"] for r in rows if r["districtLabel"] == "乙女中学校区"} == OTOME_SCHOOLS
    assert "https://w3id.org/ikkan/id/school/092088-otome-es" in {r["school"] for r in rows}


def follow_result_link(page: Page, server: Server) -> None:
    link = page.locator(".qp-table a", has_text="乙女小学校").first
    assert link.get_attribute("href") == "/id/school/092088-otome-es"
    with page.expect_navigation() as navigation:
        link.click()
    response = navigation.value
    assert response is not None
    # /id/… answers 303 See Other to the entity's page.
    assert urlsplit(page.url).path == "/page/school/092088-otome-es"
    assert response.status == 200
    assert page.locator("h1").first.inner_text().startswith("乙女小学校")


def test_the_query_page_with_javascript(
    browser: Browser, live_server: Server, tmp_path: Path
) -> None:
    context, watch = open_context(browser, live_server, javascript=True)
    page = context.new_page()
    load_example_by_click(page, live_server)
    page.wait_for_selector(".qp-cm .cm-content")
    assert page.locator("textarea#query").is_hidden()
    assert "PREFIX ikkan:" in page.locator(".qp-cm .cm-content").inner_text()
    assert page.locator(".qp-cm .qp-tok-keyword").count() > 0  # highlighted
    screenshot(page, "js-example")
    download_csv(page, tmp_path)

    # Type a query: complete a class from the ontology (its PREFIX line goes in by itself),
    # then run it with Ctrl-Enter.
    page.goto(live_server.base + "/query")
    editor = page.locator(".qp-cm .cm-content")
    editor.click()
    page.keyboard.press("Control+a")
    page.keyboard.press("Delete")
    page.keyboard.type("SELECT ?kindLabel (COUNT(?school) AS ?schools) WHERE { ?school a ?kind . ")
    page.keyboard.type("?kind rdfs:subClassOf ikkan:Sch")
    option = page.locator(".cm-tooltip-autocomplete li", has_text="ikkan:School").first
    option.wait_for()
    assert "学校" in option.inner_text()
    screenshot(page, "js-completion", full_page=False)
    page.keyboard.press("Enter")
    page.keyboard.press("Control+End")
    page.keyboard.press("Backspace")  # the brace the editor closed by itself
    page.keyboard.insert_text(KINDS_REST)
    page.keyboard.press("Escape")
    page.keyboard.press("Control+Enter")
    page.wait_for_url(re.compile(r"/query\?query="))
    query = parse_qs(urlsplit(page.url).query)["query"][0]
    assert "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>" in query
    assert "PREFIX ikkan: <https://w3id.org/ikkan/ontology#>" in query
    assert result_column(page, "kindLabel") == ["小学校", "中学校", "義務教育学校"]
    assert result_column(page, "schools") == ["8", "3", "1"]
    assert page.locator(".qp-chart svg rect").count() == 3
    screenshot(page, "js-chart")

    # A malformed query: the message beside the editor, the line marked in the editor.
    page.goto(live_server.base + "/query")
    page.locator(".qp-cm .cm-content").click()
    page.keyboard.press("Control+a")
    page.keyboard.press("Delete")
    page.keyboard.insert_text(MALFORMED)
    page.keyboard.press("Control+Enter")
    page.wait_for_selector(".qp-problem")
    problem = page.locator(".qp-problem").inner_text()
    assert "構文エラー" in problem and "行 7" in problem
    assert page.locator(".qp-cm .qp-cm-error-line").inner_text() == "}"
    screenshot(page, "js-error", full_page=False)

    assert watch.unexpected_errors(400) == []
    page.goto(live_server.base + "/query?example=01-schools-by-district")
    follow_result_link(page, live_server)
    assert watch.elsewhere == []
    assert watch.without_policy == []
    context.close()


def test_the_query_page_without_javascript(
    browser: Browser, live_server: Server, tmp_path: Path
) -> None:
    context, watch = open_context(browser, live_server, javascript=False)
    page = context.new_page()
    load_example_by_click(page, live_server)
    assert page.locator("textarea#query").is_visible()
    assert page.locator(".cm-editor").count() == 0
    screenshot(page, "nojs-example")
    download_csv(page, tmp_path)

    # The plain form: type, Run, and the server redirects to the permalink.
    page.goto(live_server.base + "/query")
    page.locator("textarea#query").fill(
        "PREFIX ikkan: <https://w3id.org/ikkan/ontology#>\n"
        "SELECT ?district WHERE { ?district a ikkan:SchoolDistrict } ORDER BY ?district"
    )
    page.get_by_role("button", name="実行").click()
    page.wait_for_url(re.compile(r"/query\?query="))
    assert result_column(page, "district") == ["絹中学校区", "乙女中学校区", "豊田中学校区"]

    page.locator("textarea#query").fill(MALFORMED)
    page.get_by_role("button", name="実行").click()
    page.wait_for_selector(".qp-problem")
    problem = page.locator(".qp-problem").inner_text()
    assert "構文エラー" in problem and "行 7" in problem
    assert page.locator(".qp-xl-error").inner_text().startswith("7")
    screenshot(page, "nojs-error", full_page=False)

    assert watch.unexpected_errors(400) == []
    page.goto(live_server.base + "/query?example=01-schools-by-district")
    follow_result_link(page, live_server)
    assert watch.elsewhere == []
    assert watch.without_policy == []
    context.close()
