"""``/compulsory-education-schools``: the national overview of 義務教育学校, per prefecture.

The page's content is one task in a query process (:mod:`ikkan.site.compulsory`); this module
renders it and caches the answer like every other page (by data set version and language).
"""

from __future__ import annotations

from flask import Blueprint, Response, render_template

from .caching import respond
from .responses import html
from .state import get_state
from .templating import reader_language

bp = Blueprint("overviews", __name__)


@bp.route("/compulsory-education-schools")
def compulsory_education_schools() -> Response:
    state = get_state()
    lang = reader_language()

    def build() -> Response:
        found = state.store.run_task("compulsory_overview", lang=lang, base=state.settings.base_iri)
        return html(render_template("compulsory.html", overview=found, info=state.store.info()))

    return respond([lang], ("Accept-Language",), build)
