"""The code lists of MEXT's school-code list: kinds of school, founders, statuses.

One table per column, each entry with the code, the labels the list writes (``B1(小学校)``),
Japanese and English names, the slug of its concept IRI and, for kinds, the ontology class a
school of that kind gets. The labels and names are those of MEXT's list as normalised by the
open-secondary-data project (``school-codes-jp/mext-school-codes/metadata.yaml``, commit
185df980d0f9363946ad855d331609c018803717); an unknown code or label in a row is an error, so a
new kind in a later edition is noticed rather than mislabelled. The classes are declared in
``ontology/ikkan.ttl`` (section "National layer").
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Kind:
    """A kind of school (学校種) of the list."""

    code: str
    source_labels: tuple[str, ...]
    ja: str
    en: str
    ontology_class: str  # local name in the ikkan ontology

    @property
    def slug(self) -> str:
        return self.code.lower()


@dataclass(frozen=True, slots=True)
class Category:
    """A founder category (設置区分) or a status (本分校) of the list."""

    code: str
    source_label: str
    ja: str
    en: str
    slug: str


KINDS: dict[str, Kind] = {
    k.code: k
    for k in (
        Kind("A1", ("A1(幼稚園)",), "幼稚園", "Kindergarten", "Kindergarten"),
        Kind(
            "A2",
            ("A2(こども)",),
            "幼保連携型認定こども園",
            "Integrated centre for early childhood education and care",
            "IntegratedChildcareCentre",
        ),
        Kind("B1", ("B1(小学校)",), "小学校", "Elementary school", "ElementarySchool"),
        Kind("C1", ("C1(中学校)",), "中学校", "Junior high school", "JuniorHighSchool"),
        Kind(
            "C2",
            ("C2(義務)",),
            "義務教育学校",
            "Compulsory-education school",
            "CompulsoryEducationSchool",
        ),
        Kind("D1", ("D1(高校)",), "高等学校", "High school", "HighSchool"),
        Kind("D2", ("D2(中等)",), "中等教育学校", "Secondary school", "SecondaryEducationSchool"),
        # E1 is written three ways: schools for the blind, for the deaf, and other
        # special-needs schools; the row keeps which (ikkan:kindInRecord).
        Kind(
            "E1",
            ("E1(特支盲)", "E1(特支聾)", "E1(養護)"),
            "特別支援学校",
            "Special-needs school",
            "SpecialNeedsSchool",
        ),
        Kind("F1", ("F1(大学)",), "大学", "University", "University"),
        Kind("F2", ("F2(短大)",), "短期大学", "Junior college", "JuniorCollege"),
        Kind("G1", ("G1(高専)",), "高等専門学校", "College of technology", "CollegeOfTechnology"),
        Kind(
            "H1",
            ("H1(専修)",),
            "専修学校",
            "Specialised training college",
            "SpecialisedTrainingCollege",
        ),
        Kind("H2", ("H2(各種)",), "各種学校", "Miscellaneous school", "MiscellaneousSchool"),
    )
}

FOUNDERS: dict[str, Category] = {
    c.code: c
    for c in (
        Category("1", "1(国)", "国立", "National", "national"),
        Category("2", "2(公)", "公立", "Public", "public"),
        Category("3", "3(私)", "私立", "Private", "private"),
    )
}

STATUSES: dict[str, Category] = {
    c.code: c
    for c in (
        Category("1", "1(本)", "本校", "Main school", "main"),
        Category("2", "2(分)", "分校", "Branch school", "branch"),
        Category("9", "9(廃)", "廃止", "Abolished", "abolished"),
    )
}

PUBLIC = FOUNDERS["2"]
BRANCH = STATUSES["2"]
ABOLISHED = STATUSES["9"]
COMPULSORY_KINDS = frozenset({"B1", "C1", "C2"})
