"""Source records, the checks a file must pass, the local folder, the cache and the download."""

from __future__ import annotations

import hashlib
import http.server
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from ikkan.national.sources.checks import Refused, accept, check_structure
from ikkan.national.sources.fetch import FetchError, download
from ikkan.national.sources.records import RecordError, SourceRecord, read_records
from ikkan.national.sources.resolve import (
    Available,
    Missing,
    SourceSettings,
    resolve,
    sources_dir_from,
)

from .conftest import MUNICIPALITIES, PREFECTURES, SCHOOLS

PROJECT = Path(__file__).resolve().parents[2]
RECORDS = PROJECT / "data" / "national" / "sources.toml"


@pytest.fixture(scope="module")
def records() -> dict[str, SourceRecord]:
    return read_records(RECORDS)


def test_every_record_is_complete_and_pinned(records: dict[str, SourceRecord]) -> None:
    assert set(records) == {"mext-school-codes", "localgovjp", "wikidata-municipalities"}
    for record in records.values():
        assert len(record.commit) == 40 and record.licence.startswith("http")
        assert record.changes.ja and record.changes.en and record.attribution.ja
        for spec in record.files:
            assert f"/{record.commit}/" in spec.url and spec.url.endswith(spec.path)
            assert spec.sha256 or spec.structure.min_rows > 0
    mext = records["mext-school-codes"].file("schools")
    assert mext.identifier_source == "mext-school-codes-2026-05"  # the IRI links.ttl cites
    assert {k.name for k in mext.known} == {
        "schools-B109.csv",
        "schools-C109.csv",
        "schools-C2.csv",
    }


def test_a_faulty_record_names_its_file_and_field(tmp_path: Path) -> None:
    text = RECORDS.read_text(encoding="utf-8")
    broken = tmp_path / "sources.toml"
    broken.write_text(text.replace("reference_date = 2026-05-01\n", "", 1), encoding="utf-8")
    with pytest.raises(
        RecordError, match=r"sources.toml: source mext-school-codes: reference_date"
    ):
        read_records(broken)
    unpinned = text.replace("185df980d0f9363946ad855d331609c018803717/school", "main/school")
    broken.write_text(unpinned, encoding="utf-8")
    with pytest.raises(RecordError, match="url is not pinned"):
        read_records(broken)


def _folder(tmp_path: Path, record: SourceRecord, files: dict[str, Path]) -> Path:
    folder = tmp_path / "sources" / record.id
    folder.mkdir(parents=True)
    for name, source in files.items():
        shutil.copyfile(source, folder / name)
    return tmp_path / "sources"


def test_an_unknown_extract_is_refused_and_the_source_reported_missing(
    tmp_path: Path, records: dict[str, SourceRecord]
) -> None:
    record = records["mext-school-codes"]
    folder = _folder(tmp_path, record, {"sample.csv": SCHOOLS})
    settings = SourceSettings(cache_dir=tmp_path / "cache", sources_dir=folder)
    got = resolve(record, settings)
    assert isinstance(got, Missing)
    assert "no file matching schools.csv, schools-*.csv" in got.reason
    (folder / record.id / "sample.csv").rename(folder / record.id / "schools-B109.csv")
    got = resolve(record, settings)
    assert isinstance(got, Missing) and "fewer than the 50000 expected" in got.reason
    notice = got.notice()
    assert notice.startswith("source mext-school-codes missing (") and "\n" not in notice
    assert notice.endswith(
        "layers left out: mext-school-codes, mext-school-history, school-municipalities"
    )


def test_known_extracts_and_pinned_files_are_accepted(
    tmp_path: Path, records: dict[str, SourceRecord], monkeypatch: pytest.MonkeyPatch
) -> None:
    record = records["localgovjp"]
    spec = record.file("prefectures")
    with pytest.raises(Refused, match="differs from the pinned"):
        accept(PREFECTURES, spec)
    # A record whose checksums are those of the sample files stands for the real ones.
    pinned = spec.__class__(**{**_fields(spec), "sha256": _sha(PREFECTURES)})
    assert accept(PREFECTURES, pinned).basis == "pinned SHA-256"
    known = spec.__class__(
        **{**_fields(spec), "sha256": "", "known": (_known(PREFECTURES, "prefjp-sample.csv"),)}
    )
    assert accept(PREFECTURES, known).basis.startswith("known extract prefjp-sample.csv")
    assert sources_dir_from({"IKKAN_SOURCES_DIR": str(tmp_path)}) == tmp_path
    assert sources_dir_from({"IKKAN_SOURCES_DIR": " "}) is None
    assert sources_dir_from({}) is None


def test_an_unpinned_full_file_is_checked_by_its_structure(
    tmp_path: Path, records: dict[str, SourceRecord]
) -> None:
    spec = records["mext-school-codes"].file("schools")
    small = spec.structure.__class__(**{**_fields(spec.structure), "min_rows": 5})
    assert check_structure(SCHOOLS, small) == 10
    bad = tmp_path / "schools.csv"
    bad.write_text(SCHOOLS.read_text(encoding="utf-8").replace("B109210001590", "b109210001590"))
    with pytest.raises(Refused, match="school_code is not of the form"):
        check_structure(bad, small)
    bad.write_text("school_code,school_name\n")
    with pytest.raises(Refused, match="the header is not"):
        check_structure(bad, small)


class _Files(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    root = tmp_path / "served"
    root.mkdir()

    def handler(*args: object) -> _Files:
        return _Files(*args, directory=str(root))  # type: ignore[arg-type]

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/", root
    finally:
        httpd.shutdown()
        httpd.server_close()


def _served_record(record: SourceRecord, base: str, sha: str = "") -> SourceRecord:
    spec = record.file("schools")
    small = spec.structure.__class__(**{**_fields(spec.structure), "min_rows": 5})
    url = f"{base}{record.commit}/schools.csv"
    served = spec.__class__(
        **{**_fields(spec), "url": url, "sha256": sha, "structure": small, "known": ()}
    )
    return record.__class__(**{**_fields(record), "files": (served,)})


def test_a_download_is_cached_and_its_checksum_recorded_then_held_to(
    tmp_path: Path, records: dict[str, SourceRecord], server: tuple[str, Path]
) -> None:
    base, root = server
    (root / records["mext-school-codes"].commit).mkdir()
    target = root / records["mext-school-codes"].commit / "schools.csv"
    shutil.copyfile(SCHOOLS, target)
    record = _served_record(records["mext-school-codes"], base)
    cache = tmp_path / "cache"
    got = resolve(record, SourceSettings(cache_dir=cache))
    assert isinstance(got, Available), got
    [accepted] = got.files["schools"]
    assert accepted.path == cache / record.id / "schools.csv"
    assert accepted.basis == "structure checked (10 rows)"
    assert (cache / record.id / "schools.csv.sha256").read_text().strip() == _sha(SCHOOLS)
    # A later download that differs from the record is refused, and the cache kept.
    (cache / record.id / "schools.csv").unlink()
    target.write_text(SCHOOLS.read_text(encoding="utf-8").replace("乙女", "乙毛"), encoding="utf-8")
    got = resolve(record, SourceSettings(cache_dir=cache))
    assert (
        isinstance(got, Missing)
        and "differs from the one recorded at the first download" in got.reason
    )
    assert not (cache / record.id / "schools.csv").exists()
    assert not list((cache / record.id).glob("*.download*"))
    # A pinned checksum that the served file does not have: refused.
    pinned = _served_record(records["mext-school-codes"], base, sha=_sha(SCHOOLS))
    got = resolve(pinned, SourceSettings(cache_dir=tmp_path / "other"))
    assert isinstance(got, Missing) and "differs from the pinned" in got.reason
    # With a sources folder, nothing is downloaded.
    got = resolve(
        record, SourceSettings(cache_dir=tmp_path / "third", sources_dir=tmp_path / "none")
    )
    assert isinstance(got, Missing) and got.reason.startswith("no folder")


def test_a_download_that_cannot_connect_gives_up_within_seconds(tmp_path: Path) -> None:
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    started = time.monotonic()
    with pytest.raises(FetchError):
        download(f"http://127.0.0.1:{port}/x.csv", tmp_path / "x.csv", timeout=2)
    assert time.monotonic() - started < 5
    assert not (tmp_path / "x.csv").exists()


def test_a_server_that_never_answers_does_not_hang_the_download(tmp_path: Path) -> None:
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(1)  # accepts the connection, never answers
        port = silent.getsockname()[1]
        started = time.monotonic()
        with pytest.raises(FetchError):
            download(f"http://127.0.0.1:{port}/x.csv", tmp_path / "x.csv", timeout=0.5)
        assert time.monotonic() - started < 5


def test_the_http_error_is_said(tmp_path: Path, server: tuple[str, Path]) -> None:
    base, _ = server
    with pytest.raises(FetchError, match="HTTP 404"):
        download(f"{base}missing.csv", tmp_path / "x.csv", timeout=5)


def _fields(value: object) -> dict[str, object]:
    return {name: getattr(value, name) for name in value.__slots__}  # type: ignore[attr-defined]


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _known(path: Path, name: str) -> object:
    from ikkan.national.sources.records import KnownFile

    return KnownFile(name, _sha(path), 13, "test")


def test_a_local_folder_with_the_upstream_file_reads_it_alone(
    tmp_path: Path, records: dict[str, SourceRecord]
) -> None:
    record = records["localgovjp"]
    specs = tuple(
        s.__class__(**{**_fields(s), "sha256": _sha(p)})
        for s, p in zip(record.files, (PREFECTURES, MUNICIPALITIES), strict=True)
    )
    local = record.__class__(**{**_fields(record), "files": specs})
    folder = _folder(
        tmp_path, record, {"prefjp-utf8.csv": PREFECTURES, "localgovjp-utf8.csv": MUNICIPALITIES}
    )
    got = resolve(local, SourceSettings(cache_dir=tmp_path / "cache", sources_dir=folder))
    assert isinstance(got, Available)
    assert [a.path.name for a in got.files["municipalities"]] == ["localgovjp-utf8.csv"]
    assert got.origin.startswith("sources folder")


def test_missing_sources_leave_their_layers_out_with_one_line_each(tmp_path: Path) -> None:
    from ikkan.national.layers import build_national

    (tmp_path / "empty").mkdir()
    national = build_national(
        RECORDS,
        SourceSettings(cache_dir=tmp_path / "cache", sources_dir=tmp_path / "empty"),
        "https://w3id.org/ikkan/",
    )
    assert national.layers == []
    assert [n.split(" ")[1] for n in national.notices] == [
        "mext-school-codes",
        "localgovjp",
        "wikidata-municipalities",
    ]
    assert all("\n" not in n and "missing (no folder" in n for n in national.notices)
