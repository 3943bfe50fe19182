"""Writing the embedded Oxigraph store, replacing the previous one only when complete.

The store is bulk-loaded into a new folder beside the old one; only when it is written, flushed
and optimised is it moved into place (the old one is moved aside first, then deleted). A build
that fails at any point before leaves the previous store, which a running server may have open,
untouched.
"""

from __future__ import annotations

import contextlib
import gc
import os
import shutil
from pathlib import Path

import pyoxigraph as ox


def replace_dir(new: Path, target: Path) -> None:
    """Move ``new`` to ``target``, replacing it with two renames on the same file system."""
    old = target.with_name(f".{target.name}.old-{os.getpid()}")
    if target.exists():
        os.replace(target, old)
    os.replace(new, target)
    with contextlib.suppress(FileNotFoundError):
        shutil.rmtree(old)


def write_store(quads: list[ox.Quad], target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    fresh = target.with_name(f".{target.name}.new-{os.getpid()}")
    if fresh.exists():
        shutil.rmtree(fresh)
    store = ox.Store(str(fresh))
    store.bulk_extend(quads)
    store.flush()
    store.optimize()
    del store
    gc.collect()  # pyoxigraph closes the database when the Store object is dropped
    replace_dir(fresh, target)
