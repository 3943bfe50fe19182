"""``/``: what the data set is, where it comes from, how much it holds, and where to start.

The counts by class come from the VoID class partitions (one cheap query at any scale); the
entry points are the municipalities, their districts and each district's schools.
"""

from __future__ import annotations

from flask import Blueprint, Response, render_template

from .caching import respond
from .responses import html
from .state import get_state
from .templating import reader_language

bp = Blueprint("home", __name__)


@bp.route("/")
def home() -> Response:
    state = get_state()
    base = state.settings.base_iri
    lang = reader_language()

    def build() -> Response:
        found = state.store.run_task("overview", lang=lang, base=base, home=True)
        page = render_template(
            "home.html",
            head=found.head,
            classes=found.classes,
            entry=found.entry,
            info=state.store.info(),
            manifest=state.store.manifest(),
        )
        return html(page)

    return respond([lang], ("Accept-Language",), build)
