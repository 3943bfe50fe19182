"""The data set as a whole: ``/downloads`` (the dumps) and ``/.well-known/void`` (VoID/DCAT).

``/downloads`` lists the dumps of the build with size, SHA-256, triple count and licence, from
``build/manifest.json``; ``/downloads/<file>`` serves each from ``settings.dist_path`` (only the
files the manifest names) with its Content-Type, Content-Length, ``Content-Disposition`` and the
checksum as a strong ETag. ``/.well-known/void`` answers the VoID/DCAT description in RDF by
negotiation, or an HTML page for browsers.
"""

from __future__ import annotations

from flask import Blueprint, Response, abort, render_template, send_file

from ..site import dataset
from ..sparql import conneg
from ..store.manifest import Manifest
from .caching import respond
from .responses import MAX_AGE, cacheable, document, html, link_header, negotiated
from .state import get_state, public_url
from .templating import reader_language

bp = Blueprint("data", __name__)
CHECKSUMS = "SHA256SUMS"


def _manifest() -> Manifest:
    return get_state().store.manifest()


@bp.route("/downloads")
def downloads() -> Response:
    lang = reader_language()

    def build() -> Response:
        manifest = _manifest()
        page = render_template(
            "downloads.html",
            manifest=manifest,
            licence=dataset.LICENCE,
            info=get_state().store.info(),
        )
        return html(page)

    return respond([lang], ("Accept-Language",), build)


@bp.route("/downloads/<name>")
def download(name: str) -> Response:
    manifest = _manifest()
    files = {d.file: d for d in manifest.dumps}
    dist = get_state().settings.dist_path
    if name == CHECKSUMS and (dist / CHECKSUMS).is_file():
        # send_file adds the charset of text types itself.
        mimetype, etag = "text/plain", manifest.version + "-sums"
    elif name in files:
        mimetype, etag = files[name].content_type, files[name].sha256
    else:
        abort(404)
    path = dist / name
    if not path.is_file():
        abort(404)
    response = send_file(
        path,
        mimetype=mimetype,
        as_attachment=True,
        download_name=name,
        etag=etag,
        conditional=True,
        max_age=MAX_AGE,
    )
    return cacheable(response)


@bp.route("/.well-known/void")
def void() -> Response:
    fmt = negotiated(conneg.DESCRIPTION)
    if isinstance(fmt, Response):
        return fmt
    state = get_state()
    base = state.settings.base_iri
    lang = reader_language()
    host = public_url("/")

    def build() -> Response:
        manifest = _manifest()
        alternates = [
            (f"/.well-known/void?format={f.name}", f.media_type)
            for f in conneg.DESCRIPTION
            if f is not fmt
        ]
        if fmt is conneg.HTML:
            found = state.store.run_task("overview", lang=lang, base=base, home=False)
            page = render_template(
                "void.html",
                head=found.head,
                classes=found.classes,
                manifest=manifest,
                info=state.store.info(),
                sparql=host + "sparql",
                formats=conneg.GRAPH,
            )
            response = html(page)
            response.headers["Link"] = link_header(alternates)
            return response
        triples = dataset.description_triples(state.store, base, host, manifest)
        return document(triples, fmt, alternates)

    return respond([fmt.name, lang], ("Accept", "Accept-Language"), build)
