"""A sample of school names as people write them, made from the MEXT list at run time.

Nothing here is a copy of the list: :func:`sample` draws rows (a fixed seed, so every run draws
the same ones) from the files the sources folder holds, and writes each name one of the ways
people write names in surveys and spreadsheets:

============  ============================================  ===============================
style         what changes                                  小山市立乙女小学校 becomes
============  ============================================  ===============================
full          nothing                                       小山市立乙女小学校
no_founder    no 〇〇市立 in front; old kanji in new form    乙女小学校
short         the short form 〇〇小 / 〇〇中                  乙女小
digits        numerals as half-width digits (第一 → 第1)     姿川第1小学校 (for 姿川第一小学校)
paren         the municipality in brackets after the name   乙女小学校（小山市）
spaced        a space between founder and name              小山市立　乙女小学校
============  ============================================  ===============================

About six rows in ten get a municipality column (its name, mostly; else its name without
市・町・村, its six-digit code or the five digits without the check digit), three in ten a
kind-of-school column. The municipality is the one the national layer places the school in by
its address; a school it could not place gets none.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from pathlib import Path

from ikkan.national.localgov import read_local_governments
from ikkan.national.mext.parse import SchoolRow, read_school_codes
from ikkan.national.placement import place_schools
from ikkan.national.sources.records import read_records
from ikkan.national.sources.resolve import Available, SourceSettings, resolve

STYLES = ("full", "no_founder", "short", "digits", "paren", "spaced")
_FOUNDER = re.compile(r"^(.+?(?:都|道|府|県|市|区|町|村|組合))立(.+)$")
_KANJI = {
    "一": "1",
    "二": "2",
    "三": "3",
    "四": "4",
    "五": "5",
    "六": "6",
    "七": "7",
    "八": "8",
    "九": "9",
}
_ORDINAL = re.compile("第([一二三四五六七八九]|十[一二三四五六七八九]?)")
_WIDE_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
# The old forms the list writes that people type in their new forms.
_NEW_FORMS = str.maketrans("國學髙﨑澤邊濱齋槇舘", "国学高崎沢辺浜斎槙館")


@dataclass(frozen=True)
class SampleRow:
    number: int
    code: str  # the truth: the school's code
    name: str  # as written
    style: str
    municipality: str  # as written, or ""
    kind: str  # as written, or ""
    source_name: str  # as the list writes it


def _ordinal(match: re.Match[str]) -> str:
    text = match.group(1)
    if text.startswith("十"):
        return "第1" + (_KANJI[text[1]] if len(text) > 1 else "0")
    return "第" + _KANJI[text]


def _short(core: str) -> str:
    for long, short in (("小学校", "小"), ("中学校", "中")):
        if core.endswith(long):
            return core[: -len(long)] + short
    return core


def written(row: SchoolRow, municipality: str, rng: random.Random) -> tuple[str, str]:
    """The name of ``row`` as someone might write it, and the style used."""
    split = _FOUNDER.match(row.name)
    founder, core = (split.group(1), split.group(2)) if split else ("", row.name)
    core_new = core.translate(_NEW_FORMS)
    style = rng.choice(STYLES)
    if _ORDINAL.search(core) and rng.random() < 0.6:
        style = "digits"  # most names have no numeral: give those that have one a fair share
    if style == "no_founder":
        return core_new, style
    if style == "short":
        return _short(core_new), style
    if style == "digits":
        digits = _ORDINAL.sub(_ordinal, core_new).translate(_WIDE_DIGITS)
        if digits != core_new:
            return (digits if rng.random() < 0.5 else _short(digits)), style
        return _short(core_new), "short"
    if style == "paren" and municipality:
        return f"{core_new}（{municipality}）", style
    if style == "spaced" and founder:
        return f"{founder}　{core}", style
    return row.name, "full"


def source_files(sources: Path, records_file: Path, cache: Path) -> tuple[Available, Available]:
    records = read_records(records_file)
    settings = SourceSettings(cache_dir=cache, sources_dir=sources, download=False)
    found = [resolve(records[name], settings) for name in ("mext-school-codes", "localgovjp")]
    for item in found:
        if not isinstance(item, Available):
            raise FileNotFoundError(item.notice())
    return found[0], found[1]  # type: ignore[return-value]


def sample(
    sources: Path, records_file: Path, cache: Path, size: int = 300, seed: int = 14
) -> tuple[list[SampleRow], int]:
    """``size`` rows of the list, written as people write them, and how many rows it has."""
    mext, local = source_files(sources, records_file, cache)
    rows = read_school_codes(mext.paths("schools")).rows
    governments = read_local_governments(
        local.paths("prefectures")[0], local.paths("municipalities")[0]
    )
    placed = place_schools(rows, governments).placed
    rng = random.Random(seed)
    chosen = rng.sample(rows, min(size, len(rows)))
    out = []
    for number, row in enumerate(chosen, start=1):
        placement = placed.get(row.code)
        municipality = ""
        if placement is not None:
            m = governments.municipalities[placement.municipality]
            municipality = m.name
        name, style = written(row, municipality, rng)
        given = ""
        if municipality and style != "paren" and rng.random() < 0.6:
            form = rng.random()
            if form < 0.7:
                given = municipality
            elif form < 0.8 and municipality[-1] in "市町村" and len(municipality) > 2:
                given = municipality[:-1]
            elif form < 0.9:
                given = placement.municipality if placement else ""
            else:
                given = placement.municipality[:5] if placement else ""
        kind = row.kind.ja if rng.random() < 0.3 else ""
        out.append(SampleRow(number, row.code, name, style, given, kind, row.name))
    return out, len(rows)
