"""``/``: what the data set is, where it comes from, how much it holds, and where to start.

The counts by class come from the VoID class partitions (one cheap query at any scale); the
entry points are the municipalities, their districts and each district's schools.
"""

from __future__ import annotations

from flask import Blueprint, Response, render_template

from ..site import dataset
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
        page = render_template(
            "home.html",
            head=dataset.head(state.store, base, lang),
            classes=dataset.class_counts(state.store, base, lang),
            entry=dataset.entry_points(state.store, base, lang),
            info=state.store.info(),
            manifest=state.store.manifest(),
        )
        return html(page)

    return respond([lang], ("Accept-Language",), build)
