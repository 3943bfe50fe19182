"""Wide query results in Debian's Chromium, on a desktop and on a phone: short values stay on one
line, the table scrolls sideways inside its frame (the page does not), long text wraps within a
readable measure, and the last column can be read whole. Screenshots go to
test-output/screenshots/wide-*.png."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from playwright.sync_api import Browser, Page

from ..conftest import SCREENSHOTS
from ..support import Server

pytestmark = pytest.mark.browser

# Twelve columns (research question 02), and long passages of the source beside short values.
WIDE = "/query?example=02-city-population-and-school-counts"
LONG_TEXT = """PREFIX ikkan: <https://w3id.org/ikkan/ontology#>
SELECT ?section ?heading ?lineStart ?text WHERE {
  ?section a ikkan:SourceSection ; ikkan:heading ?heading ; ikkan:lineStart ?lineStart ;
           ikkan:text ?text .
  FILTER(STRLEN(?text) > 300)
} ORDER BY ?lineStart LIMIT 5"""

# Each non-empty cell: its text, its width, and on how many lines its text stands.
CELLS = """table => [...table.querySelectorAll('tbody td')].filter(td => td.textContent.trim())
  .map(td => {
    const range = document.createRange();
    range.selectNodeContents(td);
    const tops = new Set([...range.getClientRects()].filter(r => r.width > 0)
      .map(r => Math.round(r.top)));
    return {text: td.textContent.trim(), width: td.getBoundingClientRect().width,
            lines: tops.size, long: td.classList.contains('qp-long')};
  })"""


def check_frame(page: Page, width: int) -> None:
    """The page fits the screen; the table scrolls in its frame; its last column can be read."""
    assert page.evaluate("document.documentElement.scrollWidth <= innerWidth")
    frame = page.locator(".qp-table-wrap")
    frame.evaluate("f => { f.scrollLeft = f.scrollWidth; }")
    last = page.locator(".qp-table thead th").last
    frame_box, last_box = frame.bounding_box(), last.bounding_box()
    assert frame_box is not None and last_box is not None
    assert last_box["x"] + last_box["width"] <= frame_box["x"] + frame_box["width"] + 1, width
    assert last_box["x"] >= frame_box["x"] - 1


@pytest.mark.parametrize("width", [1280, 390])
def test_wide_results_read_well(browser: Browser, live_server: Server, width: int) -> None:
    context = browser.new_context(locale="ja-JP", viewport={"width": width, "height": 900})
    page = context.new_page()

    page.goto(live_server.base + WIDE)
    cells = page.locator(".qp-table").evaluate(CELLS)
    assert len(cells) > 40
    wrapped = [c["text"] for c in cells if len(c["text"]) <= 30 and c["lines"] > 1]
    assert wrapped == [], "short values must stay on one line"
    check_frame(page, width)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.locator(".qp-results").screenshot(path=str(SCREENSHOTS / f"wide-{width}.png"))

    page.goto(live_server.base + "/query?query=" + quote(LONG_TEXT))
    cells = page.locator(".qp-table").evaluate(CELLS)
    long = [c for c in cells if len(c["text"]) > 300]
    assert long, "the query finds long passages"
    rem = page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)")
    for cell in long:
        assert cell["long"] and cell["lines"] > 2  # wrapped…
        assert 12 * rem <= cell["width"] <= 31 * rem + 24  # …within a readable measure
    assert [c["text"] for c in cells if len(c["text"]) <= 30 and c["lines"] > 1] == []
    check_frame(page, width)
    page.locator(".qp-results").screenshot(path=str(SCREENSHOTS / f"wide-long-{width}.png"))
    context.close()
