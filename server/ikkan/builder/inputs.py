"""Finding the inputs of a build in a checkout, and the version they make.

The layout is fixed: ``ontology/*.ttl``; ``data/*.ttl`` (the data set's own description);
``data/<municipality>/*.ttl`` and ``*.csv`` (one named graph per municipality, tables converted
to observations); ``data/<municipality>/source/*`` (the source documents, whose checksums the
data states); ``shapes/*.ttl``; ``data/national/sources.toml`` (the records of the outside lists
the national layer is built from; the lists themselves are not inputs of the checkout). The
data set version combines the curated modification date with
a digest of every input byte, so two builds of the same files carry the same version and any
change to any input gives a new one.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from ..settings import Settings


@dataclass(frozen=True)
class MunicipalityInputs:
    """The files of one municipality folder under ``data/``."""

    name: str
    turtle: tuple[Path, ...]
    tables: tuple[Path, ...]
    sources: tuple[Path, ...]


@dataclass(frozen=True)
class Inputs:
    """Every file one build reads."""

    root: Path
    ontology: tuple[Path, ...]
    dataset: tuple[Path, ...]
    municipalities: tuple[MunicipalityInputs, ...]
    shapes: tuple[Path, ...]
    national: tuple[Path, ...] = ()
    digest: str = field(default="")

    def all_files(self) -> list[Path]:
        files = [*self.ontology, *self.dataset, *self.shapes, *self.national]
        for m in self.municipalities:
            files += [*m.turtle, *m.tables, *m.sources]
        return sorted(files)


def _sorted(folder: Path, pattern: str) -> tuple[Path, ...]:
    return tuple(sorted(p for p in folder.glob(pattern) if p.is_file()))


def find_inputs(settings: Settings) -> Inputs:
    root = settings.project_dir
    municipalities = []
    if settings.data_dir.is_dir():
        folders = sorted(p for p in settings.data_dir.iterdir() if p.is_dir())
        # data/national/ holds the records of the outside lists, not a curated graph.
        for folder in (f for f in folders if f.name != "national"):
            municipalities.append(
                MunicipalityInputs(
                    name=folder.name,
                    turtle=_sorted(folder, "*.ttl"),
                    tables=_sorted(folder, "*.csv"),
                    sources=_sorted(folder / "source", "*"),
                )
            )
    inputs = Inputs(
        root=root,
        ontology=_sorted(settings.ontology_file.parent, "*.ttl"),
        dataset=_sorted(settings.data_dir, "*.ttl") if settings.data_dir.is_dir() else (),
        municipalities=tuple(municipalities),
        shapes=_sorted(settings.shapes_dir, "*.ttl") if settings.shapes_dir.is_dir() else (),
        national=(
            (settings.national_sources_file,) if settings.national_sources_file.is_file() else ()
        ),
    )
    digest = hashlib.sha256()
    for path in inputs.all_files():
        name = path.relative_to(root) if path.is_relative_to(root) else path
        digest.update(str(name).encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return Inputs(**{**inputs.__dict__, "digest": digest.hexdigest()})
