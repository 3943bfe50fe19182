"""A graph with a national layer for the reconciliation tests, served for real.

The build does not include the national layer yet, so these fixtures add it: a copy of the
real build's store gets the national layer's graphs, converted by the national layer's own
functions from the small sample files of ``tests/national/fixtures`` (rows copied from the
real extracts) and from the rows below, which the tests invent (each name says テスト). The
invented rows are what the samples lack: kanji numerals, an old kanji, ケ and が, a name in
three municipalities (one a designated city's ward), a chain of successors, and a
compulsory-education school named 学園. ``reconcile_build`` is the settings of that copy;
``service`` is the reconciliation service built over it through a real store (query
processes and all); ``reconcile_server`` serves it with ``ikkan serve`` on loopback.
"""

from __future__ import annotations

import csv
import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest

from ikkan.national.checkdigits import school_code_check_digit
from ikkan.national.curated import read_curated
from ikkan.national.iris import Iris
from ikkan.national.layers import (
    Layer,
    estat_layer,
    history_layer,
    municipalities_layer,
    placement_layer,
    schools_layer,
    wikidata_layer,
)
from ikkan.national.localgov import read_local_governments
from ikkan.national.mext.codes import FOUNDERS, KINDS, STATUSES
from ikkan.national.mext.parse import HEADER, read_school_codes
from ikkan.national.sources.records import read_records
from ikkan.national.wikidata import read_wikidata
from ikkan.reconcile import Service, load_service
from ikkan.settings import Settings
from ikkan.store import open_store

from .. import support
from ..support import Server

PROJECT = Path(__file__).resolve().parents[2]
SAMPLES = PROJECT / "tests" / "national" / "fixtures"
BASE = "https://w3id.org/ikkan/"


def school_code(kind: str, prefecture: str, number: int) -> str:
    """A public school's code with its check digit (for the invented rows)."""
    head = f"{kind}{prefecture}2{number:07d}"
    return head + str(school_code_check_digit(head + "0"))


def invented_row(
    kind: str,
    prefecture: tuple[str, str],
    number: int,
    name: str,
    address: str,
    postal: str,
    *,
    abolished: str = "",
    successor: str = "",
) -> list[str]:
    """A row of MEXT's list in its 23 columns (prefecture: number and the list's label)."""
    code = school_code(kind, prefecture[0], number)
    k, founder = KINDS[kind], FOUNDERS["2"]
    status = STATUSES["9" if abolished else "1"]
    return [
        code, name, k.code, k.source_labels[0], k.ja, k.en, prefecture[0], prefecture[1],
        founder.code, founder.source_label, founder.ja, founder.en, status.code,
        status.source_label, status.ja, status.en, address, postal, "2020-12-22", abolished, "",
        successor, "test.csv",
    ]  # fmt: skip


TOCHIGI, HOKKAIDO = ("09", "栃木"), ("01", "北海道")
CHAIN = [school_code("B1", "09", n) for n in (9990061, 9990071, 9990081)]
INVENTED = [
    invented_row(
        "B1", TOCHIGI, 9990011, "小山市立テスト第一小学校", "栃木県小山市テスト町１", "3239001"
    ),
    invented_row(
        "B1", TOCHIGI, 9990021, "小山市立テスト國學小学校", "栃木県小山市テスト町２", "3239002"
    ),
    invented_row(
        "B1", TOCHIGI, 9990031, "小山市立テスト中央小学校", "栃木県小山市テスト町３", "3239003"
    ),
    invented_row(
        "B1",
        TOCHIGI,
        9990041,
        "大田原市立テスト中央小学校",
        "栃木県大田原市テスト町４",
        "3249004",
    ),
    invented_row(
        "B1",
        HOKKAIDO,
        9990011,
        "札幌市立テスト中央小学校",
        "北海道札幌市中央区テスト町５",
        "0609005",
    ),
    invented_row(
        "B1", TOCHIGI, 9990051, "小山市立テスト緑ヶ丘小学校", "栃木県小山市テスト町６", "3239006"
    ),
    invented_row(
        "B1",
        TOCHIGI,
        9990061,
        "小山市立テスト旧一小学校",
        "栃木県小山市テスト町７",
        "3239007",
        abolished="2021-05-01",
        successor=CHAIN[1],
    ),
    invented_row(
        "B1",
        TOCHIGI,
        9990071,
        "小山市立テスト旧二小学校",
        "栃木県小山市テスト町８",
        "3239008",
        abolished="2023-05-01",
        successor=CHAIN[2],
    ),
    invented_row(
        "B1", TOCHIGI, 9990081, "小山市立テスト新小学校", "栃木県小山市テスト町９", "3239009"
    ),
    invented_row(
        "C1", TOCHIGI, 9990011, "小山市立テスト第一中学校", "栃木県小山市テスト町１", "3239001"
    ),
    invented_row(
        "C2",
        TOCHIGI,
        9990011,
        "小山市立テスト学園義務教育学校",
        "栃木県小山市テスト町10",
        "3239010",
    ),
]


def national_layers(folder: Path, curated_store: ox.Store) -> list[Layer]:
    """The national layer's graphs from the samples and the invented rows."""
    invented = folder / "schools-invented.csv"
    with invented.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(HEADER)
        writer.writerows(INVENTED)
    records = read_records(PROJECT / "data" / "national" / "sources.toml")
    quads = curated_store.quads_for_pattern(None, None, None)
    curated = read_curated((q.subject, q.predicate, q.object) for q in quads)
    iris = Iris(BASE, curated.schools)
    schools = read_school_codes([SAMPLES / "schools-sample.csv", invented])
    assert not [p for p in schools.problems if p.is_error], schools.problems
    governments = read_local_governments(
        SAMPLES / "prefjp-sample.csv", SAMPLES / "localgovjp-sample.csv"
    )
    mext, local = records["mext-school-codes"], records["localgovjp"]
    placement, _ = placement_layer(iris, schools, governments, [mext, local])
    return [
        municipalities_layer(iris, governments, local, curated=curated),
        estat_layer(iris, governments, local),
        wikidata_layer(
            iris,
            governments,
            read_wikidata([SAMPLES / "municipality-wikidata-sample.csv"]),
            records["wikidata-municipalities"],
            curated=curated,
        ),
        schools_layer(iris, schools, mext, curated=curated),
        history_layer(iris, schools, mext),
        placement,
    ]


@pytest.fixture(scope="session")
def reconcile_build(built: Settings, tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """A copy of the real build whose store also holds the national fixture layers."""
    folder = tmp_path_factory.mktemp("reconcile")
    build = folder / "build"
    shutil.copytree(built.build_path, build)
    store = ox.Store(str(build / "store"))
    for layer in national_layers(folder, store):
        layer.load_into(store)
    store.flush()
    del store
    manifest = build / "manifest.json"
    data = json.loads(manifest.read_text(encoding="utf-8"))
    data["version"] = str(data.get("version", "")) + "+national-fixtures"
    manifest.write_text(json.dumps(data), encoding="utf-8")
    return built.replace(build_dir=build)


@pytest.fixture(scope="session")
def service(reconcile_build: Settings) -> Iterator[Service]:
    """The reconciliation service over the fixture graph, read through a real store."""
    store = open_store(reconcile_build.replace(query_workers=1))
    try:
        yield load_service(store, BASE)
    finally:
        store.close()


@pytest.fixture(scope="session")
def reconcile_server(reconcile_build: Settings) -> Iterator[Server]:
    server = support.start_server(
        {
            "IKKAN_PROJECT_DIR": str(reconcile_build.project_dir),
            "IKKAN_BUILD_DIR": str(reconcile_build.build_path),
            "IKKAN_DIST_DIR": str(reconcile_build.dist_path),
            "IKKAN_WORKERS": "1",
            "IKKAN_QUERY_TIMEOUT": "20",
            "IKKAN_RECONCILE_MAX_BATCH": "50",
        }
    )
    yield server
    server.stop()
