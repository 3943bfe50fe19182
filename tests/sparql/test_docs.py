"""The README's SPARQL endpoint section documents every endpoint setting and format."""

from __future__ import annotations

from pathlib import Path

import pytest

from ikkan.settings import SETTINGS, SettingSpec
from ikkan.sparql import conneg

README = Path(__file__).resolve().parents[2] / "README.md"
ENDPOINT_SETTINGS = (
    "host",
    "port",
    "workers",
    "threads",
    "store_url",
    "in_memory",
    "query_workers",
    "query_timeout",
    "query_wait",
    "max_results",
    "max_result_bytes",
    "max_request_bytes",
    "service_allowlist",
)


def section() -> str:
    text = README.read_text(encoding="utf-8")
    start = text.index("## SPARQL endpoint")
    end = text.find("\n## ", start + 1)
    return text[start : end if end > 0 else len(text)]


def row(spec: SettingSpec) -> str:
    """The README row of a setting, generated from its declaration."""
    default = spec.default
    shown = "(empty)" if default == "" else ("false" if default is False else default)
    return f"| `{spec.env_var}` / `{spec.flag}` | `{shown}` | {spec.help} |"


@pytest.mark.parametrize("name", ENDPOINT_SETTINGS)
def test_setting_is_documented(name: str) -> None:
    spec = next(s for s in SETTINGS if s.name == name)
    assert row(spec) in section(), f"README row for {name} is missing or stale:\n{row(spec)}"


def test_formats_are_documented() -> None:
    text = section()
    for table in conneg.TABLES.values():
        for fmt in table:
            assert f"`{fmt.media_type}`" in text
            assert f"`{fmt.name}`" in text
