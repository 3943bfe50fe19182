"""Virtuoso Open Source 7 on loopback, with its own ini in its own folder, loaded by bulk load.

For the engine tests and the side-by-side benchmark: :func:`install` puts Debian's
``virtuoso-opensource-7-bin`` (the server and isql of the ``virtuoso-opensource`` package,
without the system service and its debconf questions) on the machine, only when a caller asks.
:func:`start` writes a ``virtuoso.ini`` into a folder of the caller's, with both of its ports (SQL
and HTTP) bound to 127.0.0.1, and starts ``virtuoso-t`` in the foreground in its own process
group; the dba password is changed at once to a random one kept in memory. :meth:`Virtuoso.load`
bulk-loads N-Quads files with ``ld_dir`` and ``rdf_loader_run`` and checkpoints, so the data is
on disk before the first query. Its SPARQL endpoint is :attr:`Virtuoso.sparql_url`.

The ini sets what the remote backend relies on: a ``ResultSetMaxRows`` above ikkan's own row
limit (so ikkan's limit is the one a client meets), and an execution-time limit of
``time_limit`` seconds (Virtuoso then answers with what it has and says so in a header, which
the remote backend turns into a time-out error).
"""

from __future__ import annotations

import os
import secrets
import shutil
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

from .processes import ProcessGroup, free_port

SERVER = "virtuoso-t"
ISQL = "isql-vt"
PACKAGE = "virtuoso-opensource-7-bin"

INI = """\
[Database]
DatabaseFile       = {dir}/virtuoso.db
ErrorLogFile       = {dir}/virtuoso.log
LockFile           = {dir}/virtuoso.lck
TransactionFile    = {dir}/virtuoso.trx
xa_persistent_file = {dir}/virtuoso.pxa
ErrorLogLevel      = 7
FileExtend         = 200
Striping           = 0
TempStorage        = TempDatabase

[TempDatabase]
DatabaseFile    = {dir}/virtuoso-temp.db
TransactionFile = {dir}/virtuoso-temp.trx
Striping        = 0

[Parameters]
ServerPort           = 127.0.0.1:{sql_port}
DisableUnixSocket    = 1
DisableTcpSocket     = 0
MaxClientConnections = 20
CheckpointInterval   = 0
O_DIRECT             = 0
CaseMode             = 2
AllowOSCalls         = 0
DirsAllowed          = {dir}, {data_dirs}
NumberOfBuffers      = {buffers}
MaxDirtyBuffers      = {dirty_buffers}
ThreadsPerQuery      = {threads}
AsyncQueueMaxThreads = 10
MaxQueryMem          = 1G

[HTTPServer]
ServerPort           = 127.0.0.1:{http_port}
ServerRoot           = {dir}/vsp
MaxClientConnections = 20
ServerThreads        = 20
MaxKeepAlives        = 20
KeepAliveTimeout     = 10
EnabledDavVSP        = 0
HTTPProxyEnabled     = 0
Charset              = UTF-8
EnabledGzipContent   = 0

[SPARQL]
ResultSetMaxRows           = {max_rows}
MaxQueryCostEstimationTime = 0
MaxQueryExecutionTime      = {time_limit}
"""


def installed() -> bool:
    return shutil.which(SERVER) is not None and shutil.which(ISQL) is not None


def install() -> None:
    """Install Debian's Virtuoso binaries (apt-get; as root, or through sudo)."""
    if installed():
        return
    sudo = [] if os.geteuid() == 0 else ["sudo"]
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    print(f"installing Debian's {PACKAGE} (Virtuoso Open Source 7)", flush=True)
    subprocess.run([*sudo, "apt-get", "update", "-q"], check=True, env=env)
    subprocess.run([*sudo, "apt-get", "install", "-y", "-q", PACKAGE], check=True, env=env)


@dataclass
class Virtuoso:
    """A running Virtuoso: its process group, ports and the password of its dba account."""

    group: ProcessGroup
    folder: Path
    sql_port: int
    http_port: int
    password: str = field(repr=False)

    @property
    def sparql_url(self) -> str:
        return f"http://127.0.0.1:{self.http_port}/sparql"

    def isql(self, statements: str, timeout: float = 3600) -> str:
        """Run SQL statements as dba; raise :class:`RuntimeError` with the output on error."""
        done = subprocess.run(
            [ISQL, f"127.0.0.1:{self.sql_port}", "dba", self.password, "VERBOSE=OFF"],
            input=statements,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        if done.returncode != 0 or "*** Error" in done.stdout + done.stderr:
            raise RuntimeError(f"isql failed:\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}")
        return done.stdout

    def load(self, files: list[Path]) -> float:
        """Bulk-load N-Quads files (each quad into its own graph); return the seconds taken."""
        started = time.monotonic()
        statements = "".join(
            f"ld_dir('{_sql_string(str(path.resolve().parent))}', "
            f"'{_sql_string(path.name)}', 'urn:ikkan:unnamed');\n"
            for path in files
        )
        statements += "rdf_loader_run();\ncheckpoint;\n"
        statements += "SELECT ll_file, ll_error FROM DB.DBA.LOAD_LIST WHERE ll_error IS NOT NULL;\n"
        output = self.isql(statements)
        failed = [line for line in output.splitlines() if any(str(f) in line for f in files)]
        if failed:
            raise RuntimeError("Virtuoso could not load:\n" + "\n".join(failed))
        return time.monotonic() - started

    def stop(self) -> None:
        self.group.stop(grace=30)


def _sql_string(text: str) -> str:
    return text.replace("'", "''")


def new_dba_password() -> str:
    """A random password isql takes as one: hexadecimal, never starting with "-".

    isql reads an argument that starts with "-" as an option ("-S…" as a port), and
    ``token_urlsafe`` starts one password in 64 with it: a CI run failed on "-Sp9w…".
    """
    return secrets.token_hex(16)


def start(
    folder: Path,
    *,
    data_dirs: tuple[Path, ...] = (),
    buffers: int = 20_000,
    threads: int = 2,
    max_rows: int = 1_000_000,
    time_limit: int = 60,
    allow_service: bool = False,
    timeout: float = 120,
) -> Virtuoso:
    """Start Virtuoso on a fresh (or existing) database in ``folder``; ``data_dirs`` are the
    folders bulk load may read; ``buffers`` pages of 8 KiB cache the database;
    ``allow_service`` lets SPARQL queries call SERVICE endpoints (Virtuoso's SPARQL account
    may not by default; ikkan checks every SERVICE IRI against its allow-list first)."""
    if not installed():
        raise FileNotFoundError(
            f"{SERVER} is not installed: install Debian's {PACKAGE} "
            "(`make test-engines` and `ikkan bench compare --install` do)"
        )
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "vsp").mkdir(exist_ok=True)
    sql_port, http_port = free_port(), free_port()
    ini = folder / "virtuoso.ini"
    ini.write_text(
        INI.format(
            dir=folder.resolve(),
            data_dirs=", ".join(str(d.resolve()) for d in data_dirs) or ".",
            sql_port=sql_port,
            http_port=http_port,
            buffers=buffers,
            dirty_buffers=buffers * 3 // 4,
            threads=threads,
            max_rows=max_rows,
            time_limit=time_limit,
        ),
        encoding="utf-8",
    )
    group = ProcessGroup(
        "Virtuoso",
        [shutil.which(SERVER) or SERVER, "+foreground", "+configfile", str(ini)],
        folder / "server.log",
        cwd=folder,
    )
    # A new database has the well-known dba password; a reused one has the one stored beside it.
    secret = folder / "dba-password"
    password = secret.read_text().strip() if secret.exists() else "dba"
    server = Virtuoso(group, folder, sql_port, http_port, password)
    try:
        group.wait_http(
            server.sparql_url + "?query=ASK%7B%7D", timeout, "application/sparql-results+json"
        )
        if password == "dba":
            fresh = new_dba_password()
            server.isql(f"USER_CHANGE_PASSWORD('dba', 'dba', '{fresh}');\n")
            secret.write_text(fresh)
            secret.chmod(0o600)
            server.password = fresh
        if allow_service:
            server.isql(
                'GRANT SELECT ON DB.DBA.SPARQL_SINV_2 TO "SPARQL";\n'
                'GRANT EXECUTE ON DB.DBA.SPARQL_SINV_IMP TO "SPARQL";\n'
            )
    except BaseException:
        group.stop()
        raise
    return server
