"""Reading the Wikidata snapshot of municipality codes (Wikidata property P429).

Two forms are read: the four-column extract ``municipality-wikidata.csv``
(``lgcode,name,prefecture,wikidata``) and the upstream file it was cut from,
opaopa6969/chimei-quiz ``data/municipality-master.json`` (``{"municipalities": [{"code",
"name", "prefecture", "wikidataId", …}]}``). Each link is checked: a six-digit code with its
check digit and a Wikidata item ID (Q and digits). Which municipality a code names is decided by
the local-government list, not by this snapshot; a name that differs between the two is
reported, and a code given two items is left unlinked.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .checkdigits import local_government_code_error
from .problems import WARNING, Problem

CSV_HEADER = ["lgcode", "name", "prefecture", "wikidata"]
QID = re.compile(r"Q[1-9][0-9]*")


@dataclass(frozen=True, slots=True)
class WikidataLink:
    code: str
    qid: str
    name: str
    prefecture: str
    file: Path
    line: int | None


@dataclass
class WikidataSnapshot:
    links: dict[str, WikidataLink] = field(default_factory=dict)  # by code
    problems: list[Problem] = field(default_factory=list)


def _candidates_csv(path: Path, problems: list[Problem]) -> Iterable[WikidataLink]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle, strict=True)
        if next(reader, None) != CSV_HEADER:
            problems.append(Problem(f"the header is not {','.join(CSV_HEADER)}", path, 1, 1))
            return
        try:
            for values in reader:
                if not values:
                    continue
                if len(values) != 4:
                    problems.append(Problem("a row has four fields", path, reader.line_num, 1))
                    continue
                code, name, prefecture, qid = values
                yield WikidataLink(code, qid, name, prefecture, path, reader.line_num)
        except csv.Error as error:
            problems.append(Problem(f"malformed CSV: {error}", path, reader.line_num))


def _candidates_json(path: Path, problems: list[Problem]) -> Iterable[WikidataLink]:
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
        items = document["municipalities"]
        if not isinstance(items, list):
            raise TypeError("municipalities is not a list")
        for item in items:
            yield WikidataLink(
                str(item["code"]),
                str(item["wikidataId"]),
                str(item.get("name", "")),
                str(item.get("prefecture", "")),
                path,
                None,
            )
    except (ValueError, KeyError, TypeError) as error:
        problems.append(Problem(f"not the municipality-master JSON: {error}", path))


def read_wikidata(paths: Iterable[Path]) -> WikidataSnapshot:
    """The code → Wikidata item links of the snapshot files ``paths`` (CSV or JSON)."""
    snapshot = WikidataSnapshot()
    twice: set[str] = set()
    for path in paths:
        reader = _candidates_json if path.suffix == ".json" else _candidates_csv
        for link in reader(path, snapshot.problems):
            wrong = local_government_code_error(link.code)
            if not wrong and not QID.fullmatch(link.qid):
                wrong = f"code {link.code}: {link.qid!r} is not a Wikidata item ID"
            if wrong:
                snapshot.problems.append(Problem(wrong, path, link.line, 1))
                continue
            earlier = snapshot.links.get(link.code)
            if earlier is not None and earlier.qid != link.qid:
                twice.add(link.code)
                snapshot.problems.append(
                    Problem(
                        f"code {link.code} is given two items, {earlier.qid} and {link.qid}: "
                        "left unlinked",
                        path,
                        link.line,
                        4,
                        WARNING,
                    )
                )
            snapshot.links[link.code] = link
    for code in twice:
        del snapshot.links[code]
    return snapshot
