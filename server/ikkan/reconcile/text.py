"""When two names are the same name: the keys reconciliation compares, and how a name is read.

People write a school's name many ways: 小山市立乙女小学校, 乙女小学校, 乙女小,
乙女小学校（小山市）, ｵﾄﾒ小, 小山第1小学校 for 小山第一小学校, 小山一小, 國學院 for 国学院.
Two keys decide sameness:

- :func:`exact_key`: NFKC (full- and half-width forms become one), case-folded, without spaces,
  dashes or middle dots, kanji numerals written as digits (十一 → 11) and 第 dropped before a
  number, so 第一, 第１, 第1 and 一 (小山一小) are one. Two names with one exact key are the
  same name.
- :func:`variant_key`: the exact key with old and variant kanji folded to their common forms
  (旧字体 and 異体字: 國→国, 學→学, 髙→高, 﨑→崎, 澤→沢, 邊→辺, 舘→館, 槇→槙 …), katakana
  folded to hiragana (ノ and の, ヶ and ケ are one) and が between kanji read as ケ (緑ヶ丘,
  緑ケ丘, 緑が丘). It joins more spellings, and also a few different names (鹿嶋 and 鹿島), so a
  match on it ranks below an exact one.

A name is read into parts by :func:`parentheses` (a trailing 「（小山市）」 is a hint, not part of
the name), :func:`founder_split` (「小山市立」, the founder, comes off the front), and
:func:`kind_readings` (「小」, 「中学校」, 「義務教育学校」 … at the end say the kind of
school). The keys are used for the graph's names and for queries alike, so a folding can
never make a name miss itself.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Separators that never tell two names apart: spaces (Z*), dashes (Pd), connectors (Pc) and
# these.
_SEPARATORS = frozenset("・·'’‘\"")

_KANJI_DIGITS = {
    "〇": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
}  # fmt: skip
_KANJI_NUMBER = re.compile("[〇一二三四五六七八九十]+")
_ORDINAL = re.compile(r"第(?=[0-9])")

# Old (旧字体) and variant (異体字) forms of kanji found in the names of schools and places,
# each with the form it is folded to. Both directions are spelled by people: a name written
# 國學院 in the list is looked for as 国学院, and 竜ケ崎 as 龍ケ崎.
_OLD_FORMS = (
    "髙高 﨑崎 嵜崎 碕崎 邊辺 邉辺 澤沢 濱浜 濵浜 齋斎 齊斉 國国 學学 櫻桜 廣広 德徳 眞真 槇槙 "
    "嶋島 嶌島 冨富 藏蔵 龍竜 淺浅 瀨瀬 條条 舘館 鷗鴎 靑青 黑黒 驛駅 圓円 寶宝 萬万 壽寿 與与 "
    "榮栄 來来 惠恵 繩縄 鐵鉄 戶戸 峯峰 桒桑 淵渕 篭籠 檜桧 螢蛍 蘆芦 實実 豐豊 會会 縣県 關関 "
    "舊旧 區区 號号 兒児 體体 臺台 藝芸 團団 專専 單単 燈灯 營営 禮礼 攝摂 濟済 瀧滝 彌弥 氣気 "
    "當当 莊荘 壯壮 增増 澁渋 傳伝 稻稲 佛仏 滿満 藥薬 豫予 樣様 兩両 綠緑 勵励 靈霊 爐炉 勞労 "
    "樓楼 錄録 灣湾 廳庁 邨村 嶽岳 冲沖 埜野 杦杉 栁柳 曻昇 穗穂 靜静 淸清 鄕郷 鄉郷 卷巻 擧挙 "
    "黃黄 龜亀 鹽塩 恆恒 晉晋 顯顕 絲糸 續続 將将 狀状 乘乗 淨浄 讓譲 觀観 權権 驗験 險険 檢検 "
    "劍剣 經経 徑径 輕軽 繼継 斷断 圖図 覺覚 擴拡 假仮 價価 畫画 擔担 聽聴 應応 歐欧 奧奥 溫温 "
    "穩穏 隱隠 醫医 圍囲 爲為 壹壱 衞衛 謠謡 遙遥 巖巌 竝並 祕秘 拔抜 髮髪 燒焼 轉転 晝昼 從従 "
    "收収 聲声 盡尽 獎奨 裝装 僞偽 辨弁 辯弁 瓣弁 舖舗 步歩 飜翻 默黙 譯訳 餘余 搖揺 覽覧 "
    "獵猟 壘塁 齒歯 鬪闘 雙双 總総 聰聡 廢廃 拜拝 賣売 讀読 戀恋 變変 戰戦 效効 敍叙 歸帰 寫写 "
    "寢寝 缺欠 嚴厳 槪概 卽即 曉暁 峽峡 狹狭 挾挟 莖茎 鷄鶏 瑤瑶 凛凜 禱祷"
)
_FOLD = {ord(pair[0]): pair[1] for pair in _OLD_FORMS.split()}
# Katakana to hiragana (ァ … ヶ are U+30A1 … U+30F6, hiragana 0x60 below); the small ヵ ヶ
# become the ordinary か け, as people write them in place names (霞ヶ浦, 霞ケ浦).
_FOLD.update({code: chr(code - 0x60) for code in range(0x30A1, 0x30F7)})
_FOLD.update({ord("ヵ"): "か", ord("ヶ"): "け", ord("ゕ"): "か", ord("ゖ"): "け"})
_GA_BETWEEN_KANJI = re.compile(r"(?<=[\u4e00-\u9fff])が(?=[\u4e00-\u9fff])")

# Brackets whose content is a hint (「乙女小学校（小山市）」), after NFKC.
_BRACKETS = re.compile(r"[(\[【〔]([^()\[\]【】〔〕]*)[)\]】〕]")

# 「小山市立」「栃木県立」「〇〇町学校組合立」: the founder, at the front of a public school's name.
_FOUNDER = re.compile(r"^(.+?(?:都|道|府|県|市|区|町|村|組合))立(.+)$")

# Endings that say the kind of school (MEXT's codes), longest first within a family. Short
# forms (小, 中, 高, 小中) are how people write schools in tables: 乙女小, 乙女中, 美麻小中.
KIND_SUFFIXES: tuple[tuple[str, str], ...] = (
    ("義務教育学校", "C2"),
    ("小中一貫校", "C2"),
    ("小中学校", "C2"),
    ("小中", "C2"),
    ("中等教育学校", "D2"),
    ("特別支援学校", "E1"),
    ("支援学校", "E1"),
    ("養護学校", "E1"),
    ("高等専門学校", "G1"),
    ("高専", "G1"),
    ("短期大学", "F2"),
    ("短大", "F2"),
    ("専門学校", "H1"),
    ("大学", "F1"),
    ("高等学校", "D1"),
    ("高校", "D1"),
    ("中学校", "C1"),
    ("中学", "C1"),
    ("小学校", "B1"),
    ("小学", "B1"),
    ("幼稚園", "A1"),
    ("こども園", "A2"),
    ("小", "B1"),
    ("中", "C1"),
    ("高", "D1"),
)
_BRANCH = re.compile(r"^(.+?(?:小学校|中学校|学校|学園))(.+分校)$")
_COMPULSORY_FRONT = "義務教育学校"


def _is_separator(char: str) -> bool:
    category = unicodedata.category(char)
    return category[0] == "Z" or category in ("Pd", "Pc", "Cc") or char in _SEPARATORS


def _number(text: str) -> str:
    if "十" not in text:
        return "".join(str(_KANJI_DIGITS[c]) for c in text)
    total = current = 0
    for char in text:
        if char == "十":
            total += (current or 1) * 10
            current = 0
        else:
            current = current * 10 + _KANJI_DIGITS[char]
    return str(total + current)


@lru_cache(maxsize=65536)
def exact_key(text: str) -> str:
    """The key two spellings of one name share: see the module's docstring."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    folded = "".join(c for c in folded if not _is_separator(c))
    folded = _KANJI_NUMBER.sub(lambda m: _number(m.group()), folded)
    return _ORDINAL.sub("", folded)


def fold(key: str) -> str:
    """An exact key with old and variant forms folded (see the module's docstring)."""
    return _GA_BETWEEN_KANJI.sub("け", key.translate(_FOLD))


@lru_cache(maxsize=65536)
def variant_key(text: str) -> str:
    return fold(exact_key(text))


def parentheses(key: str) -> tuple[str, list[str]]:
    """A key without its bracketed parts, and those parts (hints such as a municipality)."""
    hints = [m.group(1) for m in _BRACKETS.finditer(key) if m.group(1)]
    return _BRACKETS.sub("", key), hints


def founder_split(key: str) -> tuple[str, str] | None:
    """(founder, rest) when the key starts with 「…市立」「…町立」「…県立」「…組合立」 and more."""
    match = _FOUNDER.match(key)
    return (match.group(1), match.group(2)) if match else None


def kind_readings(key: str) -> list[tuple[str, str | None]]:
    """The ways a name's end can be read: as it is (kind unknown), and without each ending
    that says a kind of school, with that kind: 乙女小 → (乙女小, None), (乙女, B1)."""
    readings: list[tuple[str, str | None]] = [(key, None)]
    for suffix, kind in KIND_SUFFIXES:
        if key.endswith(suffix) and len(key) > len(suffix):
            readings.append((key[: -len(suffix)], kind))
    return readings


def kind_stem(key: str, kind: str) -> str | None:
    """The name without the longest ending that says ``kind`` (乙女小学校, B1 → 乙女)."""
    for suffix, suffix_kind in KIND_SUFFIXES:
        if key.endswith(suffix) and len(key) > len(suffix):
            return key[: -len(suffix)] if suffix_kind == kind else None
    return None


def name_forms(key: str) -> list[str]:
    """Other whole names a school's name key also goes by: the branch school's own part
    (金丸小学校北金丸分校 → 北金丸分校) and a compulsory-education school's name without the
    words 義務教育学校 in front (義務教育学校六戸学園 → 六戸学園)."""
    forms = []
    branch = _BRANCH.match(key)
    if branch:
        forms.append(branch.group(2))
    if key.startswith(_COMPULSORY_FRONT) and len(key) > len(_COMPULSORY_FRONT):
        forms.append(key[len(_COMPULSORY_FRONT) :])
    return forms


def digits(text: str) -> str:
    """The ASCII digits of ``text`` (postal codes: 〒329-0214 → 3290214)."""
    return "".join(c for c in unicodedata.normalize("NFKC", text) if c.isascii() and c.isdigit())


def similarity(a: str, b: str) -> float:
    """How alike two keys are, 0 to 1: twice the characters in order that both share, over
    both lengths (Ratcliff–Obershelp, as difflib computes it)."""
    from difflib import SequenceMatcher

    if not a or not b:
        return 0.0
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


def bigrams(key: str) -> set[str]:
    """Character pairs of a key, with its ends marked, so a one-character name has two."""
    padded = f"^{key}$"
    return {padded[i : i + 2] for i in range(len(padded) - 1)}
