"""The keys that decide when two spellings are one name, and how a name is read into parts."""

from __future__ import annotations

import pytest

from ikkan.reconcile.text import (
    digits,
    exact_key,
    founder_split,
    kind_readings,
    kind_stem,
    name_forms,
    parentheses,
    variant_key,
)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("乙女小学校", "乙女 小学校"),  # spaces, of either width
        ("乙女小学校", "乙女　小学校"),
        ("ｵﾄﾒ小", "オトメ小"),  # half-width katakana
        ("ＡＢＣ中学校", "abc中学校"),  # full-width Latin, case
        ("小山第一小学校", "小山第1小学校"),  # kanji numerals, half- and full-width digits
        ("小山第一小学校", "小山第１小学校"),
        ("小山第一小学校", "小山一小学校"),  # 第 before a number
        ("第十一中学校", "11中学校"),
        ("二十一世紀", "21世紀"),
        ("上三川町", "上三川町"),
    ],
)
def test_one_exact_key_for_spellings_of_one_name(a: str, b: str) -> None:
    assert exact_key(a) == exact_key(b)


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("國學院大學栃木中学校", "国学院大学栃木中学校"),
        ("髙根沢町", "高根沢町"),
        ("龍ヶ崎市", "竜ケ崎市"),
        ("飯舘村", "飯館村"),
        ("和泉市立槇尾学園", "和泉市立槙尾学園"),
        ("緑ヶ丘小学校", "緑が丘小学校"),
        ("一ノ瀬小学校", "一の瀬小学校"),
        ("聖籠町", "聖篭町"),
    ],
)
def test_old_and_variant_forms_share_a_variant_key(old: str, new: str) -> None:
    assert exact_key(old) != exact_key(new)
    assert variant_key(old) == variant_key(new)


def test_different_names_keep_different_keys() -> None:
    pairs = [("乙女小学校", "乙女中学校"), ("斎藤", "斉藤"), ("小山第一小学校", "小山第二小学校")]
    for a, b in pairs:
        assert variant_key(a) != variant_key(b)


def test_a_name_is_read_into_founder_name_kind_and_hints() -> None:
    key, hints = parentheses(exact_key("乙女小学校（小山市）"))
    assert (key, hints) == ("乙女小学校", ["小山市"])
    assert founder_split(exact_key("小山市立乙女小学校")) == ("小山市", "乙女小学校")
    assert founder_split(exact_key("国立市立国立第一小学校")) == ("国立市", "国立1小学校")
    assert founder_split(exact_key("足立区立足立小学校")) == ("足立区", "足立小学校")
    prefectural = exact_key("栃木県立とちぎ学びの夢学園")
    assert founder_split(prefectural) == ("栃木県", "とちぎ学びの夢学園")
    assert founder_split("乙女小学校") is None
    assert kind_readings("乙女小") == [("乙女小", None), ("乙女", "B1")]
    assert ("乙女", "C1") in kind_readings("乙女中学校")
    assert ("絹", "C2") in kind_readings("絹義務教育学校")
    assert kind_stem("乙女小学校", "B1") == "乙女"
    assert kind_stem("乙女小学校", "C1") is None
    assert kind_stem("八坂小中学校", "C2") == "八坂"
    assert name_forms("金丸小学校北金丸分校") == ["北金丸分校"]
    assert name_forms("義務教育学校六戸学園") == ["六戸学園"]
    assert digits("〒329-0214") == "3290214"
    assert digits("３２９－０２１４") == "3290214"
