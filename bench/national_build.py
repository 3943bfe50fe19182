"""The whole ``ikkan build`` with a synthetic full-size MEXT list: every step's time and memory.

``national_convert`` times the converter alone; this runs the real build (parse, the national
step, derivations, VoID, SHACL validation, dumps and tables, store and search index) on the
curated data plus a synthetic school-code list of ``IKKAN_BENCH_ROWS`` rows (default 58,000,
the size of MEXT's whole list; the generator is ``national_convert.generate``) and the real
local-government and Wikidata lists of ``IKKAN_SOURCES_DIR``. The build prints each step's
time; this prints the peak resident memory of the process at the end.

``IKKAN_SOURCES_DIR=../shared/sources ikkan bench national_build``;
``IKKAN_BENCH_ROWS=10000`` for a shorter run.
"""

from __future__ import annotations

import hashlib
import os
import resource
import shutil
import tempfile
import time
from pathlib import Path

from ikkan.builder.pipeline import run_build
from ikkan.national.localgov import read_local_governments
from ikkan.national.sources.resolve import sources_dir_from
from ikkan.settings import Settings
from national_convert import generate


def _records(settings: Settings, schools: Path, target: Path) -> Path:
    """The real records, with the synthetic list pinned as the MEXT file by its checksum."""
    text = settings.national_sources_file.read_text(encoding="utf-8")
    marker = 'url = "https://raw.githubusercontent.com/kojikomatsuzaki/'
    start = text.index(marker)
    at = text.index('sha256 = ""', start)
    sha = hashlib.sha256(schools.read_bytes()).hexdigest()
    target.write_text(text[:at] + f'sha256 = "{sha}"' + text[at + len('sha256 = ""') :])
    return target


def run(settings: Settings, repeat: int) -> int:
    rows = int(os.environ.get("IKKAN_BENCH_ROWS", "58000"))
    local = sources_dir_from()
    if local is None or not (local / "localgovjp").is_dir():
        print("needs IKKAN_SOURCES_DIR with the localgovjp list (../shared/sources)")
        return 2
    with tempfile.TemporaryDirectory(prefix="ikkan-national-build-") as scratch:
        folder = Path(scratch)
        sources = folder / "sources"
        for source in ("localgovjp", "wikidata-municipalities"):
            if (local / source).is_dir():
                shutil.copytree(local / source, sources / source)
        governments = read_local_governments(
            sources / "localgovjp" / "prefjp-utf8.csv",
            sources / "localgovjp" / "localgovjp-utf8.csv",
        )
        schools = sources / "mext-school-codes" / "schools.csv"
        schools.parent.mkdir(parents=True)
        written = generate(schools, rows, governments)
        records = _records(settings, schools, folder / "sources.toml")
        print(f"synthetic MEXT list: {written} rows, {schools.stat().st_size / 1e6:.1f} MB")
        build = settings.replace(
            build_dir=folder / "build",
            dist_dir=folder / "dist",
            sources_dir=sources,
            sources_records=records,
        )
        started = time.perf_counter()
        status = run_build(build)
        elapsed = time.perf_counter() - started
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(
            f"build {'ok' if status == 0 else 'FAILED'}: {elapsed:.1f} s, "
            f"peak RSS {peak:.0f} MiB ({written} rows)"
        )
    return status
