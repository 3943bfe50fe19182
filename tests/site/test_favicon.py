"""Every page names the site's icon: a small SVG served by the site itself (a CSP of
``default-src 'self'`` allows it; the ``data:`` icon before did not), with no script in it."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import requests

from ..support import Server

SVG = "{http://www.w3.org/2000/svg}"


def test_every_page_links_the_svg_icon(site: Server) -> None:
    hrefs = set()
    for path in ("/", "/page/school/092088-kinu-ces", "/query", "/search?q=乙女", "/nothing"):
        html = requests.get(site.base + path, headers={"Accept": "text/html"}, timeout=30).text
        icons = re.findall(r'<link rel="icon" type="image/svg\+xml" href="([^"]+)">', html)
        assert len(icons) == 1, path
        assert 'href="data:' not in html, path
        hrefs.update(icons)
    (href,) = hrefs
    r = requests.get(site.base + href, timeout=30)
    assert r.status_code == 200 and r.headers["Content-Type"].startswith("image/svg+xml")
    root = ET.fromstring(r.content)
    assert root.tag == SVG + "svg" and root.get("viewBox") == "0 0 32 32"
    tags = {element.tag for element in root.iter()}
    assert SVG + "script" not in tags and SVG + "foreignObject" not in tags
    assert not any(a.startswith("on") for e in root.iter() for a in e.attrib)
