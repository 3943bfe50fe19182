"""A reader's path through the site in Debian's Chromium, driven by Playwright.

Open the home page (in Japanese, the default), search 乙女 from the header, open 乙女中学校区 and
see its schools and working groups, open a school and see its enrollment chart, switch to
English. Each page is saved under ``test-output/screenshots/site-*.png``, and no page may log a
console error or throw, or come without the content security policy (a violation of it is a
console error).
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, Response

from ..conftest import SCREENSHOTS as SHOTS
from ..support import Server

pytestmark = pytest.mark.browser


class Watched:
    """A page whose console errors and uncaught exceptions are collected."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.errors: list[str] = []
        page.on("console", self._console)
        page.on("pageerror", lambda exc: self.errors.append(f"{page.url}: {exc}"))
        page.on("response", self._response)
        # A blocked script, style or image is a console error too; this names it plainly.
        page.add_init_script(
            'document.addEventListener("securitypolicyviolation", (e) =>'
            ' console.error("CSP violation: " + e.violatedDirective + " " + e.blockedURI));'
        )

    def _response(self, response: Response) -> None:
        # Every page runs under the content security policy.
        if response.request.resource_type == "document":
            policy = response.headers.get("content-security-policy", "")
            if "default-src 'self'" not in policy:
                self.errors.append(f"{response.url}: no content security policy")

    def _console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.errors.append(f"{self.page.url}: {message.text}")

    def shot(self, name: str) -> None:
        SHOTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(SHOTS / f"site-{name}.png"), full_page=True)


def test_a_reader_finds_otome_and_its_schools(browser: Browser, live_server: Server) -> None:
    context = browser.new_context(locale="ja-JP", viewport={"width": 1200, "height": 900})
    watched = Watched(context.new_page())
    page = watched.page

    page.goto(live_server.base + "/")
    assert page.locator("html").get_attribute("lang") == "ja"
    assert page.get_by_role("link", name="乙女中学校区").first.is_visible()
    watched.shot("home")

    page.fill("#site-q", "乙女")
    page.press("#site-q", "Enter")
    page.wait_for_url("**/search?q=*")
    results = page.locator("ol.results")
    assert results.get_by_role("link", name="乙女中学校区", exact=True).is_visible()
    watched.shot("search")

    results.get_by_role("link", name="乙女中学校区", exact=True).click()
    page.wait_for_url("**/page/district/092088-otome")
    assert page.locator("h1").inner_text() == "乙女中学校区"
    body = page.locator("main").inner_text()
    for name in ("乙女小学校", "下生井小学校", "網戸小学校", "乙女中学校", "学力向上推進部会"):
        assert name in body, name
    assert page.locator('svg[role="img"]').count() >= 1
    watched.shot("district")

    page.locator("table.props").get_by_role("link", name="乙女中学校", exact=True).first.click()
    page.wait_for_url("**/page/school/092088-otome-jhs")
    chart = page.locator('figure.chart svg[role="img"]').first
    assert chart.is_visible()
    assert "学年別の児童生徒数" in (chart.locator("> title").text_content() or "")
    watched.shot("school")

    page.get_by_role("link", name="English").click()
    page.wait_for_url("**/page/school/092088-otome-jhs?lang=en")
    assert page.locator("h1").inner_text() == "Otome Junior High School"
    assert page.locator("html").get_attribute("lang") == "en"
    title = page.locator("figure.chart svg > title").first.text_content() or ""
    assert "Pupils per grade" in title
    watched.shot("school-en")

    # The English choice follows the reader to the next page.
    page.locator("nav.crumbs").get_by_role("link", name="Oyama City").click()
    page.wait_for_url("**/page/municipality/092088?lang=en")
    assert page.locator("ol.timeline li").count() >= 5
    watched.shot("city-en")

    page.goto(live_server.base + "/ontology#SchoolDistrict")
    assert page.locator("#SchoolDistrict").is_visible()
    watched.shot("ontology")

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server.base + "/page/school/092088-kinu-ces")
    assert page.locator("ol.timeline").is_visible()
    watched.shot("kinu-mobile")

    context.close()
    assert watched.errors == []
