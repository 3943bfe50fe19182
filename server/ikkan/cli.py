"""The ``ikkan`` command: one entry point, one sub-command per job.

``build`` turns the curated files and the outside lists into the store and the dumps,
``sources`` gets and checks those lists, ``validate`` runs the same
checks without writing, ``query`` asks the built store, ``export`` writes a dump in a chosen
format, ``link`` adds the graph's identifiers to a table of schools, ``serve`` publishes the
store over HTTP and ``bench`` prints performance figures. Every setting of
:mod:`ikkan.settings` is also a flag of every sub-command, so the same names work on the
command line and as ``IKKAN_*`` environment variables.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from typing import Any

from . import __version__
from .settings import SETTINGS, Settings, load_settings


def _add_setting_flags(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("settings (also IKKAN_* environment variables)")
    for spec in SETTINGS:
        if spec.kind is bool:
            group.add_argument(
                spec.flag,
                dest=spec.name,
                action=argparse.BooleanOptionalAction,
                default=None,
                help=f"{spec.help} [{spec.env_var}]",
            )
        else:
            group.add_argument(
                spec.flag,
                dest=spec.name,
                default=None,
                metavar=spec.name.upper(),
                help=f"{spec.help} [{spec.env_var}]",
            )


# Each command imports what it runs when it runs: `ikkan query` should not pay for rdflib and
# pyshacl (the build's), nor `ikkan build` for gunicorn and Flask.


def _cmd_build(settings: Settings, args: argparse.Namespace) -> int:
    from .builder.pipeline import run_build

    return run_build(settings, quiet=args.quiet)


def _cmd_sources(settings: Settings, args: argparse.Namespace) -> int:
    from .sources_cli import run_sources

    return run_sources(settings)


def _cmd_validate(settings: Settings, args: argparse.Namespace) -> int:
    from .builder.pipeline import run_validate

    return run_validate(settings, quiet=args.quiet)


def _cmd_query(settings: Settings, args: argparse.Namespace) -> int:
    from .query_cli import run_query

    text = sys.stdin.read() if args.sparql == "-" else args.sparql
    return run_query(settings, text, args.format)


def _cmd_export(settings: Settings, args: argparse.Namespace) -> int:
    from .builder.pipeline import run_export

    return run_export(settings, args.format, args.output)


def _cmd_link(settings: Settings, args: argparse.Namespace) -> int:
    from pathlib import Path

    from .link_cli import LinkOptions, run_link

    options = LinkOptions(
        table=Path(args.table),
        name=args.name,
        municipality=args.municipality,
        kind=args.kind,
        prefecture=args.prefecture,
        postal_code=args.postal_code,
        output=Path(args.output) if args.output not in (None, "-") else None,
        encoding=args.encoding,
        progress=args.progress,
    )
    return run_link(settings, options)


def _cmd_serve(settings: Settings, args: argparse.Namespace) -> int:
    from .web.server import run_server

    if args.choose_memory:
        from .store.memory_choice import choose_memory

        choice = choose_memory(settings)
        print(f"serving the graph {choice.reason}", file=sys.stderr)
        settings = settings.replace(in_memory=choice.in_memory)
    return run_server(settings)


def _cmd_bench(settings: Settings, args: argparse.Namespace) -> int:
    from .bench_cli import run_bench

    options = {}
    if args.schools is not None:
        options["IKKAN_BENCH_SCHOOLS"] = str(args.schools)
    if args.install:
        options["IKKAN_BENCH_INSTALL"] = "1"
    return run_bench(settings, args.suite, args.repeat, options)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ikkan",
        description="Build, check, query and serve the ikkan knowledge graph of 小中一貫教育.",
    )
    parser.add_argument("--version", action="version", version=f"ikkan {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def add(
        name: str, handler: Callable[[Settings, argparse.Namespace], int], help_text: str
    ) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_text, description=help_text)
        p.set_defaults(handler=handler)
        return p

    p = add(
        "build",
        _cmd_build,
        "Parse ontology, data and tables, validate with the shapes, write store and dumps.",
    )
    p.add_argument("-q", "--quiet", action="store_true", help="Print only errors.")
    add(
        "sources",
        _cmd_sources,
        "Get and check the outside lists of data/national/sources.toml (from --sources-dir, "
        "the cache, or a download); exit 1 if any is missing.",
    )
    p = add(
        "validate",
        _cmd_validate,
        "Run every check of the build without writing; exit 1 on any error.",
    )
    p.add_argument("-q", "--quiet", action="store_true", help="Print only errors.")
    p = add("query", _cmd_query, "Run a SPARQL query on the built store.")
    p.add_argument(
        "sparql",
        nargs="?",
        default="-",
        help="The query text, or - (the default) to read it from standard input.",
    )
    p.add_argument(
        "--format",
        choices=("table", "csv", "tsv", "json", "xml", "turtle", "ntriples"),
        default="table",
        help="Output format (default: table).",
    )
    p = add("export", _cmd_export, "Write the whole graph in one RDF format.")
    p.add_argument(
        "--format",
        choices=("turtle", "ntriples", "jsonld", "rdfxml", "nquads", "trig"),
        default="turtle",
        help="RDF format (default: turtle).",
    )
    p.add_argument("-o", "--output", default="-", help="File to write, or - for standard output.")
    p = add(
        "link",
        _cmd_link,
        "Link a table of schools (CSV) to the graph: add IRIs, school and municipality codes, "
        "Wikidata IDs and scores; uncertain rows are marked, never guessed.",
    )
    p.add_argument("table", help="The CSV (or tab-separated) file, UTF-8 or Shift_JIS.")
    p.add_argument("--name", required=True, help="Column of school (or place) names.")
    p.add_argument("--municipality", help="Column of municipalities (names or codes).")
    p.add_argument("--kind", help="Column of kinds of school (小学校, 中学校, B1 …).")
    p.add_argument("--prefecture", help="Column of prefectures.")
    p.add_argument("--postal-code", dest="postal_code", help="Column of postal codes.")
    p.add_argument(
        "-o", "--output", default="-", help="File to write (UTF-8 with BOM), or - for stdout."
    )
    p.add_argument(
        "--encoding",
        default="auto",
        help="Encoding of the table (default: auto, UTF-8 or Shift_JIS found by itself).",
    )
    p.add_argument(
        "--progress",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="Show a progress bar (default: for tables over 500 rows on a terminal).",
    )
    p = add("serve", _cmd_serve, "Serve the graph over HTTP (SPARQL endpoint, pages, query UI).")
    p.add_argument(
        "--choose-memory",
        action="store_true",
        help="Serve from memory when the built graph is small enough and the machine has the "
        "memory for it, else from disk, and say which (make serve does).",
    )
    p = add("bench", _cmd_bench, "Run the benchmarks in bench/ and print their figures.")
    p.add_argument("suite", nargs="?", default="all", help="Which benchmark (default: all).")
    p.add_argument("--repeat", type=int, default=20, help="Repetitions per measurement.")
    p.add_argument(
        "--schools",
        type=int,
        default=None,
        help="Size of the synthetic graph, in schools (compare; reconcile_quality's national-"
        "scale part) [IKKAN_BENCH_SCHOOLS].",
    )
    p.add_argument(
        "--install",
        action="store_true",
        help="Install missing engines and tools with apt-get (compare: Virtuoso, wrk) "
        "[IKKAN_BENCH_INSTALL].",
    )
    for action in sub.choices.values():
        _add_setting_flags(action)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    overrides: dict[str, Any] = {spec.name: getattr(args, spec.name, None) for spec in SETTINGS}
    try:
        settings = load_settings(overrides)
    except (ValueError, KeyError) as exc:
        parser.error(str(exc))
    handler: Callable[[Settings, argparse.Namespace], int] = args.handler
    try:
        return handler(settings, args)
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
