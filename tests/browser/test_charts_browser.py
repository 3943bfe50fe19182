"""Charts read on a phone and on a desktop, in Debian's Chromium: the text of every chart keeps a
legible size (it is not shrunk with the drawing), labels do not run into each other, and the
chart stays inside the screen. Screenshots go to test-output/screenshots/chart-*.png."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from playwright.sync_api import Browser, Page

from ..conftest import SCREENSHOTS
from ..support import Server

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
SMALLEST_TEXT = 10.5  # px on screen
LARGEST_TEXT = 16.0
KINDS = """PREFIX ikkan: <https://w3id.org/ikkan/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?kindLabel (COUNT(?school) AS ?schools) WHERE {
  ?school a ?kind . ?kind rdfs:subClassOf ikkan:School ; rdfs:label ?kindLabel .
  FILTER(lang(?kindLabel) = "ja") }
GROUP BY ?kindLabel ORDER BY DESC(?schools)"""
CHART_PAGES = (
    ("/page/district/092088-kinu", "figure.chart svg"),
    ("/page/school/092088-otome-jhs?lang=en", "figure.chart svg"),
    (
        "/query?query=" + quote("PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n" + KINDS),
        "figure.qp-chart svg",
    ),
)

# For each text of the chart: its size on screen (font size × the drawing's scale) and box.
MEASURE = """svg => [...svg.querySelectorAll('text')].map(t => {
  const box = t.getBoundingClientRect();
  return {text: t.textContent.trim(), cls: t.getAttribute('class') || '',
          size: parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a,
          left: box.left, right: box.right, top: box.top, bottom: box.bottom};
})"""


def overlapping(boxes: list[dict[str, float]]) -> list[tuple[str, str]]:
    found = []
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            if (
                a["left"] < b["right"] - 0.5
                and b["left"] < a["right"] - 0.5
                and a["top"] < b["bottom"] - 0.5
                and b["top"] < a["bottom"] - 0.5
            ):
                found.append((str(a["text"]), str(b["text"])))
    return found


def measure(page: Page, selector: str) -> list[dict[str, float]]:
    svg = page.locator(selector).first
    svg.wait_for()
    return list(svg.evaluate(MEASURE))


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_chart_text_is_legible(browser: Browser, live_server: Server, viewport: dict) -> None:
    context = browser.new_context(locale="ja-JP", viewport=viewport)
    page = context.new_page()
    for n, (path, selector) in enumerate(CHART_PAGES):
        page.goto(live_server.base + path)
        texts = measure(page, selector)
        assert texts, path
        for t in texts:
            assert SMALLEST_TEXT <= t["size"] <= LARGEST_TEXT, (path, t["text"], t["size"])
            assert t["left"] >= 0 and t["right"] <= viewport["width"], (path, t["text"])
        # The labels, notes and values under and over the columns stand apart.
        for kind in ("label", "note", "value", "qp-bar-label", "qp-tick"):
            boxes = [t for t in texts if t["cls"] == kind]
            assert overlapping(boxes) == [], (path, kind)
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.locator(selector).first.screenshot(
            path=str(SCREENSHOTS / f"chart-{n}-{viewport['width']}.png")
        )
    context.close()
