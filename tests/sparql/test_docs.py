"""The README documents every setting (generated rows) and every endpoint format."""

from __future__ import annotations

from pathlib import Path

import pytest

from ikkan.settings import SETTINGS, SettingSpec
from ikkan.sparql import conneg

README = Path(__file__).resolve().parents[2] / "README.md"


def section(heading: str = "## SPARQL endpoint") -> str:
    text = README.read_text(encoding="utf-8")
    start = text.index(heading)
    end = text.find("\n## ", start + 1)
    return text[start : end if end > 0 else len(text)]


def row(spec: SettingSpec) -> str:
    """The README row of a setting, generated from its declaration."""
    default = spec.default
    shown = "(empty)" if default == "" else ("false" if default is False else default)
    if spec.kind.__name__.endswith("Path"):
        shown = {
            "project_dir": "(found from the working directory)",
            "build_dir": "(<project>/build)",
            "dist_dir": "(<project>/dist)",
            "sources_dir": "(empty)",
            "sources_records": "(<project>/data/national/sources.toml)",
            "sources_cache": "(<project>/build/sources)",
        }[spec.name]
    return f"| `{spec.env_var}` / `{spec.flag}` | `{shown}` | {spec.help} |"


@pytest.mark.parametrize("spec", SETTINGS, ids=lambda s: s.name)
def test_setting_is_documented(spec: SettingSpec) -> None:
    assert row(spec) in section("## Settings"), (
        f"README row for {spec.name} is missing or stale:\n{row(spec)}"
    )


def test_formats_are_documented() -> None:
    text = section()
    for table in conneg.TABLES.values():
        for fmt in table:
            assert f"`{fmt.media_type}`" in text
            assert f"`{fmt.name}`" in text
