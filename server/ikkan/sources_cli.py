"""``ikkan sources``: get and check every outside list the national layer is built from.

For each record of ``data/national/sources.toml`` it reads the files from ``IKKAN_SOURCES_DIR``
(``--sources-dir``) or the cache, downloading into the cache what is missing, checks each file
(checksum, or structure and the checksum recorded at the first download) and prints one line
per source: where its files came from and on what basis each was accepted, or why the source
is missing. It exits 1 when any source is missing, so a deployment script can stop there; the
build itself leaves a missing source's layers out and builds the rest.
"""

from __future__ import annotations

import sys

from .builder.national_step import source_settings
from .national.sources.records import RecordError, read_records
from .national.sources.resolve import Missing, resolve
from .settings import Settings


def run_sources(settings: Settings) -> int:
    try:
        records = read_records(settings.national_sources_file)
    except (OSError, RecordError) as error:
        print(f"cannot read the source records: {error}", file=sys.stderr)
        return 2
    where = source_settings(settings)
    missing = 0
    for record in records.values():
        print(f"{record.id}: {record.title.en} (as of {record.reference_date.isoformat()})")
        got = resolve(record, where)
        if isinstance(got, Missing):
            missing += 1
            print(f"  missing: {got.reason}")
            continue
        print(f"  from {got.origin}")
        for role, files in sorted(got.files.items()):
            for accepted in files:
                name, basis = accepted.path.name, accepted.basis
                print(f"  {role}: {name} — {basis}, sha256 {accepted.sha256}")
    total = len(records)
    tail = f", {missing} missing" if missing else ""
    print(f"{total - missing} of {total} sources ready{tail}")
    return 1 if missing else 0
