"""No page is wider than a phone's screen (390 px), in Debian's Chromium.

Every kind of page is opened at 390 px, in Japanese and in English: the site's own pages (home,
search, class listings, ontology, downloads, data set description, SPARQL, query page with a
wide answer, the 404 page) and, for every kind of entity (``/id/<kind>/…``), the entity whose
longest value (a URL, an IRI, a passage) is longest. ``document.documentElement.scrollWidth``
must not exceed ``innerWidth``; a failure names the elements that stick out.
"""

from __future__ import annotations

from collections.abc import Iterator

import pyoxigraph as ox
import pytest
from playwright.sync_api import Browser

from ..page_kinds import SITE_PAGES, entity_pages
from ..support import Server

pytestmark = pytest.mark.browser

# The elements wider than the screen that no scrolling box holds.
STICKING_OUT = """() => {
  const out = [];
  for (const el of document.querySelectorAll('body *')) {
    const box = el.getBoundingClientRect();
    if (box.width === 0 || box.right <= innerWidth + 0.5) continue;
    let parent = el.parentElement, held = false;
    while (parent) {
      if (getComputedStyle(parent).overflowX !== 'visible'
          && parent.getBoundingClientRect().right <= innerWidth + 0.5) { held = true; break; }
      parent = parent.parentElement;
    }
    if (!held) out.push(`${el.tagName.toLowerCase()}.${el.className}: ${Math.round(box.right)} px`);
  }
  return out.slice(0, 5);
}"""


@pytest.fixture(scope="module")
def pages(store: ox.Store) -> Iterator[list[str]]:
    found = entity_pages(store)
    assert len(found) >= 40, "every kind of entity has a page to check"
    yield [*SITE_PAGES, *found]


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_no_page_is_wider_than_a_phone(
    browser: Browser, live_server: Server, pages: list[str], lang: str
) -> None:
    context = browser.new_context(
        locale="ja-JP" if lang == "ja" else "en-GB", viewport={"width": 390, "height": 844}
    )
    page = context.new_page()
    too_wide = {}
    for path in pages:
        joiner = "&" if "?" in path else "?"
        page.goto(f"{live_server.base}{path}{joiner}lang={lang}")
        width, screen = page.evaluate("[document.documentElement.scrollWidth, innerWidth]")
        if width > screen:
            too_wide[path] = (width, page.evaluate(STICKING_OUT))
    context.close()
    assert too_wide == {}
