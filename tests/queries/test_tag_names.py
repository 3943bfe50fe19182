"""Every tag of the research questions has a Japanese name (queries/tags.csv), so the gallery
of a Japanese page shows no English tag; a tag with none is shown as English, marked so."""

from __future__ import annotations

from pathlib import Path

from ikkan.research_questions import load_examples, load_tag_names

QUERIES = Path(__file__).resolve().parents[2] / "queries"


def test_every_tag_has_a_japanese_name() -> None:
    names = load_tag_names(QUERIES)
    used = {tag for example in load_examples(QUERIES).values() for tag in example.tags}
    assert used, "the questions have tags"
    assert sorted(used - set(names)) == [], "add these tags to queries/tags.csv"
    for tag in used:
        # a Japanese name, or a standard's own name (schema.org, Wikidata, PROV-O)
        assert names[tag] != tag or tag in ("schema.org", "Wikidata"), tag
    assert sorted(set(names) - used) == [], "tags.csv names tags no question uses"


def test_a_tag_without_a_name_stays_english_and_says_so() -> None:
    example = load_examples(QUERIES)["01-schools-by-district"]
    assert example.tag_labels("ja", {"schools": "学校"})[:2] == [
        ("学校", "ja"),
        ("districts", "en"),
    ]
    assert example.tag_labels("en", {"schools": "学校"})[0] == ("schools", "en")
