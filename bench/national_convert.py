"""The national layer's converter on a synthetic full-size MEXT school-code list.

MEXT's whole list has about 58,000 rows of every kind of school; only extracts can be had here,
so this writes a synthetic file in the same format (the 23 columns of open-secondary-data's
``schools.csv``): every kind (A1 … H2) in roughly the list's proportions, all three founders,
main, branch and abolished rows, successor links that form mergers and chains, addresses of
one and of two lines (quoted line breaks), names with a literal ``?``, and codes with their
check digits. Addresses name real municipalities when ``IKKAN_SOURCES_DIR`` holds the
local-government list, otherwise a synthetic list is written beside the file. It then times
each step of the conversion and prints the peak memory after it: parsing, placing schools by
address, history and branch schools, the named graphs as N-Quads, and loading them into an
in-memory Oxigraph store.

``ikkan bench national_convert [--repeat N]``; ``IKKAN_BENCH_ROWS`` (default 58000) changes the
number of rows.
"""

from __future__ import annotations

import csv
import os
import random
import resource
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TypeVar

import pyoxigraph as ox

from ikkan.national.checkdigits import school_code_check_digit
from ikkan.national.iris import Iris
from ikkan.national.layers import (
    estat_layer,
    history_layer,
    municipalities_layer,
    placement_layer,
    schools_layer,
)
from ikkan.national.localgov import (
    MUNICIPALITY_HEADER,
    PREFECTURE_HEADER,
    LocalGovernments,
    read_local_governments,
)
from ikkan.national.mext.codes import FOUNDERS, KINDS, STATUSES
from ikkan.national.mext.parse import HEADER, read_school_codes
from ikkan.national.sources.records import SourceRecord, read_records
from ikkan.national.sources.resolve import sources_dir_from
from ikkan.settings import Settings

T = TypeVar("T")
# Rows per kind in MEXT's list, roughly (the sum is scaled to the requested number of rows).
SHARE = {
    "A1": 9000, "A2": 6700, "B1": 19500, "C1": 10300, "C2": 300, "D1": 5000, "D2": 60,
    "E1": 1200, "F1": 820, "F2": 310, "G1": 60, "H1": 3100, "H2": 1150,
}  # fmt: skip
SUFFIX = {
    "A1": "幼稚園", "A2": "こども園", "B1": "小学校", "C1": "中学校", "C2": "学園",
    "D1": "高等学校", "D2": "中等教育学校", "E1": "特別支援学校", "F1": "大学",
    "F2": "短期大学", "G1": "工業高等専門学校", "H1": "専門学校", "H2": "学院",
}  # fmt: skip
FULLWIDTH = str.maketrans("0123456789-", "０１２３４５６７８９－")


def _synthetic_local_governments(folder: Path) -> tuple[Path, Path]:
    """A list in localgovjp's format: 47 prefectures of 40 municipalities, with wards."""
    from ikkan.national.checkdigits import local_government_check_digit

    prefectures, municipalities = folder / "prefjp-utf8.csv", folder / "localgovjp-utf8.csv"
    with (
        prefectures.open("w", encoding="utf-8", newline="") as p_out,
        municipalities.open("w", encoding="utf-8-sig", newline="") as m_out,
    ):
        p, m = csv.writer(p_out), csv.writer(m_out)
        p.writerow(PREFECTURE_HEADER)
        m.writerow(MUNICIPALITY_HEADER)
        for number in range(1, 48):
            name = f"試{number}県"
            code = f"{number:02d}000"
            lgcode = str(int(code + str(local_government_check_digit(code))))
            p.writerow([number, name, "しけん", f"試{number}", "し", f"Shi{number}", "SHI", "",
                        lgcode, f"JP-{number:02d}", "", "", ""])  # fmt: skip
            for index in range(1, 41):
                kind = "市" if index <= 15 else "町" if index <= 32 else "村"
                five = f"{number:02d}{200 + index:03d}"
                code6 = five + str(local_government_check_digit(five))
                m.writerow([number, name, five, f"甲{index}{kind}", "こう", "", "", "", "", code6])
                if index == 1:
                    for ward in range(1, 6):
                        five = f"{number:02d}{100 + ward:03d}"
                        code6 = five + str(local_government_check_digit(five))
                        m.writerow([number, name, five, f"甲1市 乙{ward}区", "こう おつ", "", "",
                                    "", "", code6])  # fmt: skip
    return prefectures, municipalities


def _code(kind: str, prefecture: int, founder: str, number: int) -> str:
    head = f"{kind}{prefecture:02d}{founder}{number:07d}"
    return head + str(school_code_check_digit(head + "0"))


def generate(path: Path, rows: int, governments: LocalGovernments, seed: int = 1) -> int:
    """Write a synthetic list of about ``rows`` rows to ``path``; the number written."""
    rng = random.Random(seed)
    places: dict[str, list[str]] = {}
    for mun in governments.municipalities.values():
        if mun.city is None and governments.wards_of().get(mun.code):
            continue  # a designated city is written with one of its wards
        pref = governments.prefectures[mun.prefecture]
        text = pref.name + mun.name
        if mun.city is None and mun.name.endswith(("町", "村")) and rng.random() < 0.5:
            text = f"{pref.name}{mun.name[:2]}郡{mun.name}"
        places.setdefault(pref.number, []).append(text)
    numbers = sorted(places)
    total_share = sum(SHARE.values())
    out: list[list[str]] = []
    serial = 1_000_000
    for kind_code, share in SHARE.items():
        kind = KINDS[kind_code]
        count = max(1, round(rows * share / total_share))
        open_codes: list[tuple[str, str, str, str]] = []  # code, name, town, prefecture
        for index in range(count):
            roll = rng.random()
            main = rng.choice(open_codes) if roll < 0.01 and open_codes else None
            prefecture = main[3] if main else rng.choice(numbers)
            founder = rng.choices("123", weights=(1, 12, 6))[0] if kind_code != "C2" else "2"
            if main:
                founder = main[0][4]
            serial += 9
            code = _code(kind_code, int(prefecture), founder, serial)
            town = main[2] if main else rng.choice(places[prefecture])
            public = "立" if founder == "2" else ""
            name = f"{town.split('県')[-1]}{public}第{index}{SUFFIX[kind_code]}"
            if rng.random() < 0.0005:
                name = name.replace("第", "?", 1)
            street = f"{rng.randint(1, 9)}-{rng.randint(1, 40)}-{rng.randint(1, 30)}"
            address = town + f"本町{street}".translate(FULLWIDTH)
            if rng.random() < 0.002:
                address = f"（前期）{address}\n（後期）{town}新町１－１"
            status, successor, abolished = STATUSES["1"], "", ""
            set_year = 2020 if rng.random() < 0.9 else rng.randint(2021, 2026)
            set_date = "2020-12-22" if set_year == 2020 else f"{set_year}-05-01"
            if main:
                status = STATUSES["2"]
                name = f"{main[1]}{index}分校"
            elif roll < 0.10 and open_codes:
                # Successors drawn from the last few open schools, on a few dates, so that
                # several schools close on one date into one successor (merger events).
                status = STATUSES["9"]
                successor = rng.choice(open_codes[-8:])[0]
                abolished = f"{max(set_year + 1, rng.randint(2022, 2026))}-05-01"
            else:
                open_codes.append((code, name, town, prefecture))
            f = FOUNDERS[founder]
            out.append([
                code, name, kind_code, rng.choice(kind.source_labels), kind.ja, kind.en,
                prefecture, "試" + prefecture, founder, f.source_label, f.ja, f.en,
                status.code, status.source_label, status.ja, status.en, address,
                f"{rng.randint(0, 9999999):07d}", set_date, abolished,
                f"{rng.randint(10000, 99999):06d}" if set_date == "2020-12-22" else "",
                successor, "20260529-mxt_chousa01-000011635_2.csv",
            ])  # fmt: skip
    out.sort(key=lambda row: row[0])
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(HEADER)
        writer.writerows(out)
    return len(out)


def _peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _step(label: str, action: Callable[[], T], totals: dict[str, float]) -> T:
    started = time.perf_counter()
    result = action()
    spent = time.perf_counter() - started
    totals[label] = min(totals.get(label, spent), spent)
    print(f"  {label:<44} {spent:7.2f} s   peak RSS {_peak_mib():7.0f} MiB", flush=True)
    return result


def _convert_once(
    path: Path,
    governments: LocalGovernments,
    records: dict[str, SourceRecord],
    iris: Iris,
    totals: dict[str, float],
) -> None:
    mext, localgov = records["mext-school-codes"], records["localgovjp"]
    started = time.perf_counter()
    schools = _step("parse (CSV, checks, check digits)", partial(read_school_codes, [path]), totals)
    errors = [p for p in schools.problems if p.is_error]
    layers = [
        _step("graph: municipalities",
              partial(municipalities_layer, iris, governments, localgov), totals),
        _step("graph: municipalities-estat",
              partial(estat_layer, iris, governments, localgov), totals),
        _step("graph: mext-school-codes", partial(schools_layer, iris, schools, mext), totals),
        _step("graph: mext-school-history (mergers, branches)",
              partial(history_layer, iris, schools, mext), totals),
    ]  # fmt: skip
    placement, _ = _step(
        "graph: school-municipalities (address matching)",
        partial(placement_layer, iris, schools, governments, [mext, localgov]),
        totals,
    )
    layers.append(placement)
    nquads = b"".join(part for layer in layers for part in (layer.nquads, layer.description))
    quads = sum(layer.size for layer in layers)
    store = ox.Store()
    load = partial(store.bulk_load, nquads, format=ox.RdfFormat.N_QUADS)
    _step("load the N-Quads into an in-memory Oxigraph store", load, totals)
    elapsed = time.perf_counter() - started
    print(
        f"  total {elapsed:.2f} s; {len(schools.rows)} rows, {len(errors)} errors, "
        f"{len(schools.problems) - len(errors)} warnings; {quads} quads "
        f"({len(nquads) / 1e6:.0f} MB N-Quads), {len(store)} in the store"
    )
    for layer in layers:
        print(f"    {layer.name:<26} {layer.size:>9} quads  {'; '.join(layer.notes)}")


def run(settings: Settings, repeat: int) -> int:
    rows = int(os.environ.get("IKKAN_BENCH_ROWS", "58000"))
    records = read_records(settings.data_dir / "national" / "sources.toml")
    iris = Iris(settings.base_iri)
    with tempfile.TemporaryDirectory(prefix="ikkan-national-") as scratch:
        folder = Path(scratch)
        local = sources_dir_from()
        if local is not None and (local / "localgovjp" / "localgovjp-utf8.csv").is_file():
            pref_file = local / "localgovjp" / "prefjp-utf8.csv"
            mun_file = local / "localgovjp" / "localgovjp-utf8.csv"
            origin = f"the local-government list in {local}"
        else:
            pref_file, mun_file = _synthetic_local_governments(folder)
            origin = "a synthetic local-government list"
        governments = read_local_governments(pref_file, mun_file)
        path = folder / "schools.csv"
        written = generate(path, rows, governments)
        print(
            f"synthetic MEXT list: {written} rows, {path.stat().st_size / 1e6:.1f} MB, "
            f"addresses from {origin}"
        )
        totals: dict[str, float] = {}
        for attempt in range(1, repeat + 1):
            print(f"run {attempt} of {repeat}:")
            _convert_once(path, governments, records, iris, totals)
        if repeat > 1:
            print("best of each step: " + ", ".join(f"{k} {v:.2f} s" for k, v in totals.items()))
    return 0
