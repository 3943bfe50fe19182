"""A closed school's page tells how it closed: the merger in its history, and the school it
went into (source section 2 of 絹: 福良小、梁小、延島小、絹中の4校の統合, 平成29年4月)."""

from __future__ import annotations

import re

import pytest

from ..support import Server
from .test_pages import page

MERGER = "/page/merger/092088-kinu"
KINU = "/page/school/092088-kinu-ces"


def history(html: str) -> str:
    found = re.search(r'<section aria-labelledby="history">(.*?)</section>', html, re.S)
    assert found is not None, "the page has no history"
    return found.group(1)


@pytest.mark.parametrize("school", ["fukura-es", "yana-es", "nobeshima-es", "kinu-jhs"])
def test_a_closed_school_shows_the_merger_that_closed_it(site: Server, school: str) -> None:
    html = page(site, f"/page/school/092088-{school}")
    assert re.search(r'<dt>状況</dt><dd><a href="/page/status/closed"[^>]*>閉校</a>', html)
    events = history(html)
    merger = re.search(rf'<a href="{MERGER}">[^<]*</a>.*?</ul>', events, re.S)
    assert merger is not None, f"{school}: the merger is missing from its history"
    # … with the school it went into, linked, and the school itself named but not linked.
    assert re.search(rf'統合後の学校:</span> <a href="{KINU}">絹義務教育学校</a>', merger.group(0))
    assert f'href="/page/school/092088-{school}"' not in merger.group(0)
    # The merger closes the history: nothing in it is later.
    assert events.rindex("<time>") == events.index("<time>2017年4月</time>")


def test_the_merged_school_keeps_the_merger_in_english(site: Server) -> None:
    events = history(page(site, "/page/school/092088-fukura-es?lang=en"))
    assert f'<a href="{MERGER}?lang=en">' in events
    assert re.search(rf'Resulting school:?</span> <a href="{KINU}\?lang=en">', events, re.I)
    kinu = history(page(site, KINU))
    assert f'<a href="{MERGER}">' in kinu
