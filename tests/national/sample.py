"""A sources folder of the small sample lists in ``fixtures/``, and records that accept them.

The real records (``data/national/sources.toml``) accept only the upstream files and the
extracts of ``../shared/sources``; the samples are copied into a folder laid out as that one is,
and a copy of the records lists each sample as a known file of its source (by its checksum),
so the whole build (``ikkan build``) runs on them in seconds.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).parent / "fixtures"
RECORDS = PROJECT / "data" / "national" / "sources.toml"

# (source id, sample file, name in the folder, the text of the records that the sample's
# entry replaces)
KNOWN = 'known = [\n    {{ name = "{}"'
SAMPLES = (
    ("mext-school-codes", "schools-sample.csv", "schools-sample.csv",
     KNOWN.format("schools-B109.csv")),
    ("localgovjp", "prefjp-sample.csv", "prefjp-utf8.csv", None),
    ("localgovjp", "localgovjp-sample.csv", "localgovjp-utf8.csv", None),
    ("wikidata-municipalities", "municipality-wikidata-sample.csv", "municipality-wikidata.csv",
     KNOWN.format("municipality-wikidata.csv")),
)  # fmt: skip


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def sample_sources(folder: Path) -> tuple[Path, Path]:
    """Write the folder and the records; return both."""
    records = RECORDS.read_text(encoding="utf-8")
    for source, sample, name, anchor in SAMPLES:
        target = folder / source / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(FIXTURES / sample, target)
        sha = _sha256(target)
        if anchor is None:
            # A file the records pin by its checksum: the sample takes the pin's place.
            pinned = f'path = "{name}"'
            start = records.index(pinned)
            at = records.index('sha256 = "', start) + len('sha256 = "')
            records = records[:at] + sha + records[records.index('"', at) :]
        else:
            assert anchor in records, anchor
            entry = f'{{ name = "{name}", sha256 = "{sha}", rows = 1, note = "test sample" }},'
            records = records.replace(
                anchor, anchor.replace("known = [\n", f"known = [\n    {entry}\n")
            )
    path = folder / "sources.toml"
    path.write_text(records, encoding="utf-8")
    return folder, path
