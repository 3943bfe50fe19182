"""The README's "Query page" section lists every research question and the page's routes."""

from __future__ import annotations

from pathlib import Path

from ikkan.research_questions import load_examples

PROJECT = Path(__file__).resolve().parents[2]


def section(heading: str = "## Query page") -> str:
    text = (PROJECT / "README.md").read_text(encoding="utf-8")
    start = text.index(heading)
    end = text.find("\n## ", start + 1)
    return text[start : end if end > 0 else len(text)]


def test_every_research_question_is_listed() -> None:
    text = section()
    for example in load_examples(PROJECT / "queries").values():
        assert f"| `{example.name}` | {example.header['title_en']} |" in text


def test_the_routes_and_the_editor_install_are_documented() -> None:
    text = section()
    for needle in ("/query?query=", "/query?example=", "&page=N", "/query/completions.json"):
        assert needle in text
    assert "make editor" in text and "server/editor/package-lock.json" in text
