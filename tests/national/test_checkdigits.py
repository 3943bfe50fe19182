"""The two codes' formats and check digits, against the validators they come from."""

from __future__ import annotations

import pytest

from ikkan.national.checkdigits import (
    local_government_check_digit,
    local_government_code_error,
    school_code_check_digit,
    school_code_check_error,
    school_code_format_error,
)

# Codes hanachin/mext_school_code_validator's spec accepts
# (spec/mext_school_code_validator_spec.rb), and the seed's schools (EXTERNAL-IDS.md).
VALID = [
    "F139190110515", "F239390110565", "G139190110577", "B139290002265", "C139390000094",
    "D139290000389", "A139190000029", "H239390000083", "E139290000162", "A239290000106",
    "C239290000059", "B147210000005", "B101110000029", "B101310000025",
    "B109210001590", "B109210001493", "B109210001509", "B109210001527", "B109210001536",
    "B109210003507", "C109210000731", "C109210000688", "C209210000017",
]  # fmt: skip


@pytest.mark.parametrize("code", VALID)
def test_codes_the_validator_accepts_pass(code: str) -> None:
    assert school_code_format_error(code) is None
    assert school_code_check_error(code) is None


def test_a_wrong_check_digit_names_the_expected_one() -> None:
    # The validator's own example: expected 5, actual 9.
    assert school_code_check_digit("F139190110519") == 5
    message = school_code_check_error("F139190110519")
    assert message is not None and "should be 5, not 9" in message


@pytest.mark.parametrize(
    ("code", "fault"),
    [
        ("foo", "13 characters"),
        ("I101210000010", "unknown kind"),
        ("B301210000010", "unknown kind"),
        ("A100000000000", "prefecture number '00'"),
        ("A148000000000", "prefecture number '48'"),
        ("A101000000000", "founder '0'"),
        ("A101400000000", "founder '4'"),
        ("A101101234567", "school number '0123456'"),
        ("A1011123456x8", "school number '123456x'"),
        ("A10111234567x", "check digit 'x'"),
    ],
)
def test_malformed_school_codes_say_what_is_wrong(code: str, fault: str) -> None:
    message = school_code_format_error(code)
    assert message is not None and fault in message


@pytest.mark.parametrize("code", ["092088", "090000", "011002", "011011", "131016", "423076"])
def test_local_government_codes_with_their_check_digit(code: str) -> None:
    assert local_government_code_error(code) is None
    assert local_government_check_digit(code[:5]) == int(code[5])


@pytest.mark.parametrize(
    ("code", "fault"),
    [("092089", "should be 8, not 9"), ("92088", "six digits"), ("09208x", "six")],
)
def test_wrong_local_government_codes(code: str, fault: str) -> None:
    message = local_government_code_error(code)
    assert message is not None and fault in message
