"""Reading the list of local governments: prefectures, municipalities, designated-city wards.

The source is code4fukui/localgovjp: ``prefjp-utf8.csv`` (47 prefectures, with kana, short
name, English name and ISO 3166-2 code) and ``localgovjp-utf8.csv`` (every municipality and
every ward of a designated city, with its kana reading). Each 全国地方公共団体コード is checked
(six digits, JIS X 0402 check digit); the prefecture file writes its codes without the leading
zero (``90000`` for 栃木県 090000), which is restored. A ward row names its city and ward with a
space (``札幌市 中央区``, reading ``さっぽろし ちゅうおうく``); the ward is kept inside its city.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .checkdigits import local_government_code_error
from .problems import WARNING, Problem

PREFECTURE_HEADER = [
    *("pid", "pref", "prefkana", "prefshort", "prefshortkana", "pref_en", "pref3code"),
    *("url", "lgcode", "ISO3166-2", "capital", "lat", "lng"),
]
MUNICIPALITY_HEADER = [
    *("pid", "pref", "cid", "city", "citykana", "lat", "lng", "url", "phrase", "lgcode")
]


@dataclass(frozen=True, slots=True)
class Prefecture:
    code: str  # six digits, 090000
    number: str  # two digits, 09
    name: str  # 栃木県
    kana: str
    short_name: str  # 栃木: the label MEXT's list uses
    romanised: str  # Tochigi
    iso3166_2: str
    line: int


@dataclass(frozen=True, slots=True)
class Municipality:
    """A municipality (市町村, Tokyo's 特別区) or a ward (区) of a designated city."""

    code: str
    prefecture: str  # six-digit code of its prefecture
    name: str  # full name: 小山市; 札幌市中央区 for a ward
    kana: str
    own_name: str  # 小山市; 中央区 for a ward
    own_kana: str
    city: str | None  # for a ward, the code of its city
    line: int

    @property
    def is_ward(self) -> bool:
        return self.city is not None


@dataclass
class LocalGovernments:
    prefectures: dict[str, Prefecture] = field(default_factory=dict)  # by six-digit code
    municipalities: dict[str, Municipality] = field(default_factory=dict)  # wards included
    problems: list[Problem] = field(default_factory=list)

    def prefecture_by_number(self) -> dict[str, Prefecture]:
        return {p.number: p for p in self.prefectures.values()}

    def wards_of(self) -> dict[str, list[Municipality]]:
        wards: dict[str, list[Municipality]] = {}
        for m in self.municipalities.values():
            if m.city is not None:
                wards.setdefault(m.city, []).append(m)
        return wards


def _rows(
    path: Path, header: list[str], problems: list[Problem]
) -> Iterator[tuple[int, dict[str, str]]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle, strict=True)
        first = next(reader, None)
        if first != header:
            problems.append(Problem(f"the header is not {','.join(header)}", path, 1, 1))
            return
        line = reader.line_num + 1
        try:
            for values in reader:
                start, line = line, reader.line_num + 1
                if not values:
                    continue
                if len(values) != len(header):
                    problems.append(
                        Problem(f"{len(values)} fields, not {len(header)}", path, start, 1)
                    )
                    continue
                yield start, dict(zip(header, values, strict=True))
        except csv.Error as error:
            problems.append(Problem(f"malformed CSV: {error}", path, reader.line_num))


def read_prefectures(path: Path, into: LocalGovernments) -> None:
    """Add the prefectures of ``prefjp-utf8.csv`` to ``into``."""
    column = PREFECTURE_HEADER.index("lgcode") + 1
    for line, row in _rows(path, PREFECTURE_HEADER, into.problems):
        code = row["lgcode"].zfill(6)
        wrong = local_government_code_error(code)
        number = row["pid"].zfill(2)
        if not wrong and code[:2] != number:
            wrong = f"prefecture {row['pref']}: code {code} does not begin with {number}"
        if wrong:
            into.problems.append(Problem(wrong, path, line, column))
            continue
        into.prefectures[code] = Prefecture(
            code=code,
            number=number,
            name=row["pref"],
            kana=row["prefkana"],
            short_name=row["prefshort"],
            romanised=row["pref_en"],
            iso3166_2=row["ISO3166-2"],
            line=line,
        )


def read_municipalities(path: Path, into: LocalGovernments) -> None:
    """Add the municipalities and wards of ``localgovjp-utf8.csv`` to ``into``."""
    column = MUNICIPALITY_HEADER.index("lgcode") + 1
    by_number = into.prefecture_by_number()
    cities: dict[tuple[str, str], str] = {}
    wards: list[tuple[int, dict[str, str], str]] = []
    for line, row in _rows(path, MUNICIPALITY_HEADER, into.problems):
        code = row["lgcode"]
        wrong = local_government_code_error(code)
        prefecture = by_number.get(code[:2])
        if not wrong and prefecture is None:
            wrong = f"{row['city']}: no prefecture {code[:2]} for code {code}"
        if not wrong and prefecture is not None and prefecture.name != row["pref"]:
            wrong = f"{row['city']}: code {code} is in {prefecture.name}, not {row['pref']}"
        if wrong or prefecture is None:
            into.problems.append(Problem(wrong or "", path, line, column))
            continue
        if " " in row["city"]:
            wards.append((line, row, prefecture.code))
            continue
        cities[(prefecture.code, row["city"])] = code
        into.municipalities[code] = Municipality(
            code=code,
            prefecture=prefecture.code,
            name=row["city"],
            kana=row["citykana"],
            own_name=row["city"],
            own_kana=row["citykana"],
            city=None,
            line=line,
        )
    for line, row, prefecture_code in wards:
        city_name, _, ward_name = row["city"].partition(" ")
        city = cities.get((prefecture_code, city_name))
        if city is None:
            into.problems.append(
                Problem(f"ward {row['city']}: no city {city_name} in the list", path, line, 4)
            )
            continue
        city_kana, _, ward_kana = row["citykana"].partition(" ")
        if not ward_kana:
            into.problems.append(
                Problem(f"ward {row['city']}: reading has no ward part", path, line, 5, WARNING)
            )
        into.municipalities[row["lgcode"]] = Municipality(
            code=row["lgcode"],
            prefecture=prefecture_code,
            name=city_name + ward_name,
            kana=city_kana + ward_kana,
            own_name=ward_name,
            own_kana=ward_kana or row["citykana"],
            city=city,
            line=line,
        )


def read_local_governments(prefectures: Path, municipalities: Path) -> LocalGovernments:
    """Prefectures, municipalities and wards of the two localgovjp files."""
    result = LocalGovernments()
    read_prefectures(prefectures, result)
    read_municipalities(municipalities, result)
    return result
