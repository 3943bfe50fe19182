"""One settings object for every part of ikkan.

Each setting is declared once, as a field of :class:`Settings` with its type, default and help
text. Values come from the defaults, then ``IKKAN_<NAME>`` environment variables, then
command-line flags (the CLI builds its flags from the same fields), so the build, the server and
the tests read one object, and the settings table in the README is :func:`markdown_table`,
written from the fields (a test fails when the two differ).
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from .namespaces import DEFAULT_BASE


def _find_project_dir() -> Path:
    """The folder holding ``ontology/ikkan.ttl``: the working directory or one above it, else
    the checkout this package was installed from (editable installs)."""
    for start in (Path.cwd(), Path(__file__).resolve().parent):
        for folder in (start, *start.parents):
            if (folder / "ontology" / "ikkan.ttl").is_file():
                return folder
    return Path.cwd()


def _setting(default: Any, help_text: str, shown: str | None = None) -> Any:
    """A setting: its default, its help text, and how the docs show a computed default."""
    return field(default=default, metadata={"help": help_text, "shown": shown})


@dataclass(frozen=True)
class Settings:
    """The resolved settings; build with :func:`load_settings`."""

    project_dir: Path = field(
        default_factory=_find_project_dir,
        metadata={
            "help": "Checkout holding ontology/, data/, shapes/ and queries/ "
            "(found from the working directory).",
            "shown": "(found from the working directory)",
        },
    )
    base_iri: str = _setting(
        DEFAULT_BASE,
        "Base IRI of every entity, ontology term and shape; the server maps it onto its own host.",
    )
    build_dir: Path | None = _setting(
        None,
        "Where `ikkan build` writes the embedded store (default: <project>/build).",
        "(<project>/build)",
    )
    dist_dir: Path | None = _setting(
        None,
        "Where `ikkan build` writes the dumps (default: <project>/dist).",
        "(<project>/dist)",
    )
    sources_dir: Path | None = _setting(
        None,
        "Folder holding the outside lists of data/national/sources.toml, one subfolder per "
        "source (as ../shared/sources/ is laid out); nothing is downloaded when it is set.",
    )
    sources_records: Path | None = _setting(
        None,
        "The records of the outside lists: URL, checksum, licence and terms of each "
        "(default: <project>/data/national/sources.toml).",
        "(<project>/data/national/sources.toml)",
    )
    sources_cache: Path | None = _setting(
        None,
        "Where `ikkan sources` and `ikkan build` keep the lists they download "
        "(default: <project>/build/sources).",
        "(<project>/build/sources)",
    )
    download_timeout: float = _setting(
        5.0,
        "Seconds a download of an outside list may wait to connect or for data before the "
        "build gives up on that source and builds the rest.",
    )
    store_url: str = _setting(
        "", "URL of a SPARQL 1.1 endpoint to serve from instead of the embedded store."
    )
    store_timeout_parameter: str = _setting(
        "",
        "Request parameter that carries the query time limit to a remote store, as NAME "
        "(seconds, e.g. `timeout` for Fuseki) or NAME:ms (milliseconds, e.g. `timeout:ms` for "
        "Virtuoso); empty sends none (Oxigraph server: start it with --timeout-s).",
    )
    in_memory: bool = _setting(
        False, "Load the embedded store into memory at start (faster aggregates, more RAM)."
    )
    host: str = _setting("127.0.0.1", "Address the server listens on.")
    port: int = _setting(8080, "Port the server listens on.")
    workers: int = _setting(2, "HTTP worker processes (gunicorn).")
    threads: int = _setting(
        8, "Request threads per HTTP worker process (gunicorn gthread workers)."
    )
    client_timeout: float = _setting(
        10.0,
        "Seconds a client has to send its whole request (headers and body), and the grace "
        "before it must take its answer at 16 KiB/s or more; a slower connection is closed "
        "so that it cannot hold a request thread.",
    )
    public_base_url: str = _setting(
        "",
        "Public address of the server (https://example.org/), used in links, the VoID and "
        "service descriptions and Location headers; empty: the request's Host, and cached "
        "answers say `Vary: Host`.",
    )
    trusted_hosts: str = _setting(
        "",
        "Comma-separated host names the server answers for (a leading dot admits every "
        "subdomain; ports are ignored); other Host headers get 400. Empty: any host.",
    )
    query_workers: int = _setting(
        2,
        "Query processes per HTTP worker; a query past its time limit is killed with its "
        "process, which is then replaced.",
    )
    query_timeout: float = _setting(
        30.0,
        "Time limit of one SPARQL query in seconds; a request may ask for less with `timeout=`.",
    )
    max_results: int = _setting(
        100_000,
        "Most rows (SELECT) or triples (CONSTRUCT/DESCRIBE) one query may return; past "
        "it the client gets an error, never a truncated result.",
    )
    max_result_bytes: int = _setting(
        256 * 1024 * 1024,
        "Largest serialised result, in bytes; past it the client gets an error, never a "
        "truncated result.",
    )
    query_wait: float = _setting(
        5.0,
        "Seconds a query waits for a free query process before the server answers "
        "503 Service Unavailable.",
    )
    max_request_bytes: int = _setting(
        1_000_000, "Largest request body or query string accepted, in bytes."
    )
    result_cache_bytes: int = _setting(
        64 * 1024 * 1024,
        "Bytes of SPARQL results each HTTP worker keeps to answer a repeated query (same "
        "text, graphs and format) without asking the store; a result larger than an eighth "
        "of it is not kept, and 0 keeps none. The data is read-only: an answer is kept for "
        "its data set version and cannot go stale.",
    )
    service_allowlist: str = _setting(
        "", "Comma-separated SPARQL endpoints that SERVICE may call; empty refuses every one."
    )
    reconcile_max_batch: int = _setting(
        500,
        "Most queries (or ids to extend) in one request to the reconciliation service "
        "`/reconcile`; a larger batch gets 413.",
    )
    reconcile_timeout: float = _setting(
        10.0,
        "Time limit of one batch of reconciliation queries in seconds; past it the batch is "
        "refused (503, with a message), never half answered.",
    )
    log_level: str = _setting("info", "Log level: debug, info, warning or error.")

    # Derived paths: the one place that knows the layout of a checkout and of a build.
    @property
    def ontology_file(self) -> Path:
        return self.project_dir / "ontology" / "ikkan.ttl"

    @property
    def data_dir(self) -> Path:
        return self.project_dir / "data"

    @property
    def shapes_dir(self) -> Path:
        return self.project_dir / "shapes"

    @property
    def queries_dir(self) -> Path:
        return self.project_dir / "queries"

    @property
    def build_path(self) -> Path:
        return self.build_dir or self.project_dir / "build"

    @property
    def sources_cache_path(self) -> Path:
        return self.sources_cache or self.build_path / "sources"

    @property
    def national_sources_file(self) -> Path:
        return self.sources_records or self.data_dir / "national" / "sources.toml"

    @property
    def reports_path(self) -> Path:
        """Where the build writes its reports (unplaced schools, warnings)."""
        return self.build_path / "reports"

    @property
    def store_path(self) -> Path:
        return self.build_path / "store"

    @property
    def dist_path(self) -> Path:
        return self.dist_dir or self.project_dir / "dist"

    @property
    def public_base(self) -> str:
        """The public base URL without its trailing slash ("" when not set)."""
        return self.public_base_url.rstrip("/")

    @property
    def trusted_host_names(self) -> tuple[str, ...]:
        return tuple(h.strip().lower() for h in self.trusted_hosts.split(",") if h.strip())

    @property
    def service_endpoints(self) -> frozenset[str]:
        return frozenset(e.strip() for e in self.service_allowlist.split(",") if e.strip())

    def replace(self, **changes: Any) -> Settings:
        return dataclasses.replace(self, **changes)


@dataclass(frozen=True)
class SettingSpec:
    """What the CLI and the docs need to know of one setting."""

    name: str
    kind: type
    default: Any
    help: str
    shown: str | None = None

    @property
    def shown_default(self) -> str:
        """The default as the docs show it."""
        if self.shown:
            return self.shown
        if self.default is None or self.default == "":
            return "(empty)"
        if isinstance(self.default, bool):
            return "true" if self.default else "false"
        return str(self.default)

    @property
    def env_var(self) -> str:
        return "IKKAN_" + self.name.upper()

    @property
    def flag(self) -> str:
        return "--" + self.name.replace("_", "-")


_KINDS: dict[str, type] = {
    "Path": Path,
    "Path | None": Path,
    "str": str,
    "bool": bool,
    "int": int,
    "float": float,
}


def _specs() -> tuple[SettingSpec, ...]:
    specs = []
    for f in dataclasses.fields(Settings):
        default = None if f.default is dataclasses.MISSING else f.default
        specs.append(
            SettingSpec(
                f.name, _KINDS[str(f.type)], default, f.metadata["help"], f.metadata.get("shown")
            )
        )
    return tuple(specs)


SETTINGS: tuple[SettingSpec, ...] = _specs()


def markdown_table() -> str:
    """The README's settings table, written from the fields (a test holds the two equal)."""
    rows = ["| setting | default | meaning |", "|---|---|---|"]
    for spec in SETTINGS:
        rows.append(f"| `{spec.env_var}` / `{spec.flag}` | `{spec.shown_default}` | {spec.help} |")
    return "\n".join(rows) + "\n"


_SPECS = {spec.name: spec for spec in SETTINGS}


def _coerce(spec: SettingSpec, raw: Any) -> Any:
    if isinstance(raw, spec.kind) and not (spec.kind is int and isinstance(raw, bool)):
        return raw
    text = str(raw).strip()
    if spec.kind is bool:
        if text.lower() in {"1", "true", "yes", "on"}:
            return True
        if text.lower() in {"0", "false", "no", "off", ""}:
            return False
        raise ValueError(f"{spec.env_var}: expected true or false, got {text!r}")
    try:
        return spec.kind(text)
    except ValueError as exc:
        raise ValueError(f"{spec.env_var}: expected {spec.kind.__name__}, got {text!r}") from exc


def load_settings(
    overrides: Mapping[str, Any] | None = None, environ: Mapping[str, str] | None = None
) -> Settings:
    """Defaults, then ``IKKAN_*`` environment variables, then ``overrides`` (CLI flags, tests).

    ``None`` in ``overrides`` means "not given", so that an unset CLI flag keeps the env value.
    """
    environ = os.environ if environ is None else environ
    values: dict[str, Any] = {}
    for spec in SETTINGS:
        if environ.get(spec.env_var, "") != "":
            values[spec.name] = _coerce(spec, environ[spec.env_var])
    for name, raw in (overrides or {}).items():
        if name not in _SPECS:
            raise KeyError(f"unknown setting {name!r}")
        if raw is not None:
            values[name] = _coerce(_SPECS[name], raw)
    for name in ("project_dir", "build_dir", "dist_dir"):
        if values.get(name) is not None:
            values[name] = Path(values[name]).resolve()
    settings = Settings(**values)
    if not settings.base_iri.endswith("/"):
        raise ValueError(f"IKKAN_BASE_IRI must end with '/': {settings.base_iri!r}")
    for name in (
        "port",
        "workers",
        "threads",
        "query_workers",
        "max_results",
        "max_result_bytes",
        "max_request_bytes",
        "reconcile_max_batch",
    ):
        if getattr(settings, name) < (0 if name == "port" else 1):
            raise ValueError(f"{_SPECS[name].env_var}: must be positive")
    if settings.query_timeout <= 0:
        raise ValueError("IKKAN_QUERY_TIMEOUT: must be positive")
    if settings.reconcile_timeout <= 0:
        raise ValueError("IKKAN_RECONCILE_TIMEOUT: must be positive")
    if settings.query_wait < 0:
        raise ValueError("IKKAN_QUERY_WAIT: must not be negative")
    if settings.result_cache_bytes < 0:
        raise ValueError("IKKAN_RESULT_CACHE_BYTES: must not be negative")
    if settings.client_timeout <= 0:
        raise ValueError("IKKAN_CLIENT_TIMEOUT: must be positive")
    if settings.public_base_url:
        parts = urlsplit(settings.public_base_url)
        if parts.scheme not in ("http", "https") or not parts.netloc or parts.query:
            raise ValueError(
                "IKKAN_PUBLIC_BASE_URL: must be an http(s) URL such as https://example.org/, "
                f"got {settings.public_base_url!r}"
            )
    return settings
