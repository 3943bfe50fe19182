"""The local-government list, the Wikidata snapshot, and placing addresses in municipalities."""

from __future__ import annotations

from pathlib import Path

import pytest

from ikkan.national.addresses import (
    AMBIGUOUS,
    NO_MATCH,
    OTHER_PREFECTURE,
    SITES_DISAGREE,
    AddressMatcher,
    Placement,
    Unplaced,
)
from ikkan.national.localgov import LocalGovernments, read_local_governments
from ikkan.national.mext.parse import read_school_codes
from ikkan.national.placement import place_schools, summary, write_report
from ikkan.national.wikidata import read_wikidata

from .conftest import MUNICIPALITIES, PREFECTURES, SCHOOLS, WIKIDATA


def test_prefectures_municipalities_and_wards(governments: LocalGovernments) -> None:
    assert governments.problems == []
    tochigi = governments.prefectures["090000"]  # the file writes 90000
    assert (tochigi.name, tochigi.short_name, tochigi.romanised, tochigi.iso3166_2) == (
        "栃木県",
        "栃木",
        "Tochigi",
        "JP-09",
    )
    oyama = governments.municipalities["092088"]
    assert (oyama.name, oyama.kana, oyama.prefecture, oyama.city) == (
        "小山市",
        "おやまし",
        "090000",
        None,
    )
    chuo = governments.municipalities["011011"]
    assert (chuo.name, chuo.own_name, chuo.kana, chuo.city) == (
        "札幌市中央区",
        "中央区",
        "さっぽろしちゅうおうく",
        "011002",
    )
    assert {w.own_name for w in governments.wards_of()["141003"]} == {"中区", "南区", "保土ケ谷区"}


def test_a_wrong_check_digit_or_a_ward_without_its_city_is_reported(tmp_path: Path) -> None:
    lines = MUNICIPALITIES.read_text(encoding="utf-8-sig").splitlines()
    lines.append("9,栃木県,9999,テスト市,てすとし,0,0,,,099990")  # check digit should be 6
    lines.append("9,栃木県,9998,テスト市 テスト区,てすとし てすとく,0,0,,,099988")
    broken = tmp_path / "localgovjp.csv"
    broken.write_text("\n".join(lines) + "\n", encoding="utf-8")
    found = read_local_governments(PREFECTURES, broken)
    assert [(p.line, p.column) for p in found.problems] == [(len(lines) - 1, 10), (len(lines), 4)]
    assert "check digit should be 6, not 0" in found.problems[0].message
    assert "no city テスト市" in found.problems[1].message


def test_the_wikidata_snapshot(governments: LocalGovernments) -> None:
    snapshot = read_wikidata([WIKIDATA])
    assert snapshot.problems == []
    assert snapshot.links["092088"].qid == "Q374511"
    assert "130001" in snapshot.links and "130001" not in governments.municipalities


def test_the_upstream_json_form_and_a_code_given_two_items(tmp_path: Path) -> None:
    json_file = tmp_path / "municipality-master.json"
    json_file.write_text(
        '{"municipalities": [{"code": "092088", "name": "小山市", "prefecture": "栃木県",'
        ' "wikidataId": "Q374511"}, {"code": "011002", "name": "札幌市", "wikidataId": "Q37951"},'
        ' {"code": "011002", "name": "札幌市", "wikidataId": "Q1"},'
        ' {"code": "01100", "wikidataId": "Q2"}]}',
        encoding="utf-8",
    )
    snapshot = read_wikidata([json_file])
    assert list(snapshot.links) == ["092088"]
    assert [p.severity for p in snapshot.problems] == ["Warning", "Violation"]


@pytest.mark.parametrize(
    ("address", "prefecture", "municipality", "ward"),
    [
        ("栃木県小山市乙女１９５４", "09", "092088", None),
        ("小山市乙女１９５４", "09", "092088", None),  # no prefecture: the code's prefecture
        ("長崎県西彼杵郡長与町高田郷２２０７番地", "42", "423076", None),  # 郡
        ("東京都大島支庁利島村８７番地", "13", "133621", None),  # 支庁
        ("福島県郡山市朝日一丁目", "07", "072036", None),  # 郡 inside the name
        ("奈良県大和郡山市北郡山町", "29", "292036", None),
        ("兵庫県赤穂郡上郡町大持", "28", "284815", None),
        ("三重県四日市市諏訪町", "24", "242021", None),  # 市 inside the name
        ("千葉県市川市八幡", "12", "122033", None),
        ("山梨県西八代郡市川三郷町市川大門", "19", "193461", None),
        ("千葉県袖ヶ浦市坂戸市場", "12", "122297", None),  # ヶ written for ケ
        ("北海道札幌市中央区北１条西２丁目", "01", "011002", "011011"),
        ("神奈川県横浜市保土ケ谷区川辺町", "14", "141003", "141062"),
        ("神奈川県相模原市南区相模大野", "14", "141500", "141534"),
        ("神奈川県横浜市", "14", "141003", None),  # a designated city without its ward
        (
            "（前期）長野県大町市八坂１０９０\n（後期）長野県大町市八坂１１６４８",
            "20",
            "202126",
            None,
        ),
        (
            "長崎県西彼杵郡長与町高田郷２２０７番地（百合野校舎），\n高田郷１９１２番地１",
            "42",
            "423076",
            None,
        ),
    ],
)
def test_addresses_are_placed_in_their_municipality(
    governments: LocalGovernments,
    address: str,
    prefecture: str,
    municipality: str,
    ward: str | None,
) -> None:
    found = AddressMatcher(governments).place(address, prefecture)
    assert isinstance(found, Placement), found
    assert (found.municipality, found.ward) == (municipality, ward)


@pytest.mark.parametrize(
    ("address", "prefecture", "reason"),
    [
        ("栃木県足利市本城", "09", NO_MATCH),  # not in the sample list: not guessed
        ("栃木県小山市乙女", "12", OTHER_PREFECTURE),
        ("", "09", "the address is empty"),
        ("（前期）長野県大町市八坂\n（後期）長野県大町市外", "20", None),
        ("栃木県小山市乙女\n栃木県大田原市南金丸", "09", SITES_DISAGREE),
    ],
)
def test_what_does_not_match_is_not_guessed(
    governments: LocalGovernments, address: str, prefecture: str, reason: str | None
) -> None:
    found = AddressMatcher(governments).place(address, prefecture)
    if reason is None:  # both lines name 大町市: placed
        assert isinstance(found, Placement)
        return
    assert isinstance(found, Unplaced) and found.reason == reason


def test_two_municipalities_of_one_name_are_ambiguous(tmp_path: Path) -> None:
    lines = MUNICIPALITIES.read_text(encoding="utf-8-sig").splitlines()
    lines.append("9,栃木県,9209,小山市,おやまし,0,0,,,092096")  # an invented second 小山市
    twin = tmp_path / "localgovjp.csv"
    twin.write_text("\n".join(lines) + "\n", encoding="utf-8")
    found = AddressMatcher(read_local_governments(PREFECTURES, twin)).place(
        "栃木県小山市乙女", "09"
    )
    assert found == Unplaced(AMBIGUOUS, ("092088", "092096"))


def test_the_sample_schools_are_all_placed_and_the_report_lists_the_rest(
    governments: LocalGovernments, tmp_path: Path
) -> None:
    rows = read_school_codes([SCHOOLS]).rows
    placements = place_schools(rows, governments)
    assert placements.unplaced == {}
    assert placements.placed["B109210001590"].municipality == "092088"
    assert "placed 10 of 10 public" in summary(placements, rows)
    without_oyama = read_local_governments(
        PREFECTURES, _without(MUNICIPALITIES, "小山市", tmp_path)
    )
    placements = place_schools(rows, without_oyama)
    report = tmp_path / "unplaced.csv"
    write_report(placements, rows, report)
    lines = report.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("school_code,school_name,kind,founder,status,address,reason")
    assert [line.split(",")[0] for line in lines[1:]] == sorted(c for c in placements.unplaced)
    assert len(lines) == 1 + 5  # the five 小山市 rows
    assert "placed 5 of 10 public" in summary(placements, rows)


def _without(path: Path, name: str, folder: Path) -> Path:
    lines = [
        line
        for line in path.read_text(encoding="utf-8-sig").splitlines()
        if f",{name}," not in line
    ]
    out = folder / "localgovjp-without.csv"
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return out
