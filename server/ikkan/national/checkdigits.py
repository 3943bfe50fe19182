"""The two official codes of the national layer, their formats and check digits.

- MEXT school code (学校コード), 13 characters: kind of school (a letter A–H and a digit),
  prefecture (01–47), founder (1 national, 2 public, 3 private), a seven-digit school number
  not starting with 0, and a check digit. The check digit follows
  hanachin/mext_school_code_validator (``lib/mext_school_code_validator.rb``,
  ``calculate_check_digit``): the letter becomes two
  digits (A → 01 … H → 08); the first 13 of the 14 digits so made are weighted 1, 2, 1, 2, …
  from the left; a product of 10 or more counts as the sum of its digits; the check digit is
  (10 − sum mod 10) mod 10. The rule comes from a third-party validator, so a mismatch is
  reported as a warning, never a reason to drop a row of MEXT's own list.
- 全国地方公共団体コード (JIS X 0402 with check digit), 6 digits: the first five weighted
  6, 5, 4, 3, 2; the check digit is the last decimal digit of 11 − (sum mod 11)
  (hkwi/denshijiti ``denshijiti/code.py``). The same rules are restated as SHACL in
  ``shapes/identifiers.ttl``.
"""

from __future__ import annotations

import re

# The kinds the validator accepts (VALID_SCHOOL_TYPE_REGEXP), in MEXT's order.
SCHOOL_KINDS = ("A1", "A2", "B1", "C1", "C2", "D1", "D2", "E1", "F1", "F2", "G1", "H1", "H2")
SCHOOL_CODE_SHAPE = re.compile(r"[A-H][0-9]{12}")
LOCAL_GOVERNMENT_CODE_SHAPE = re.compile(r"[0-9]{6}")


def school_code_check_digit(code: str) -> int:
    """The check digit the first 12 characters of a school code call for."""
    digits = f"{ord(code[0]) - ord('A') + 1:02d}" + code[1:12]
    total = 0
    for position, char in enumerate(digits):
        product = int(char) * (1 if position % 2 == 0 else 2)
        total += product - 9 if product >= 10 else product
    return (10 - total % 10) % 10


def school_code_format_error(code: str) -> str | None:
    """Why ``code`` is not of the school-code form, or None; the check digit is not tested."""
    if len(code) != 13:
        return f"a school code has 13 characters, {code!r} has {len(code)}"
    if code[:2] not in SCHOOL_KINDS:
        return f"school code {code}: unknown kind of school {code[:2]!r}"
    prefecture = code[2:4]
    if not (prefecture.isdigit() and 1 <= int(prefecture) <= 47):
        return f"school code {code}: prefecture number {prefecture!r} is not 01–47"
    if code[4] not in "123":
        return f"school code {code}: founder {code[4]!r} is not 1, 2 or 3"
    number = code[5:12]
    if not (number.isdigit() and number[0] != "0"):
        return f"school code {code}: school number {number!r} is not seven digits from 1000000"
    if not code[12].isdigit():
        return f"school code {code}: check digit {code[12]!r} is not a digit"
    return None


def school_code_check_error(code: str) -> str | None:
    """Why the check digit of a well-formed ``code`` is wrong, or None."""
    expected = school_code_check_digit(code)
    if int(code[12]) != expected:
        return f"school code {code}: the check digit should be {expected}, not {code[12]}"
    return None


def local_government_check_digit(five: str) -> int:
    """The check digit of a five-digit local-government code."""
    total = sum(int(d) * w for d, w in zip(five, (6, 5, 4, 3, 2), strict=True))
    return (11 - total % 11) % 10


def local_government_code_error(code: str) -> str | None:
    """Why ``code`` is not a six-digit local-government code with its check digit, or None."""
    if not LOCAL_GOVERNMENT_CODE_SHAPE.fullmatch(code):
        return f"a local-government code has six digits, {code!r} does not"
    expected = local_government_check_digit(code[:5])
    if int(code[5]) != expected:
        return f"local-government code {code}: the check digit should be {expected}, not {code[5]}"
    return None
