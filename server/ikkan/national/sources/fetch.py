"""Downloading one file, giving up within seconds when the other end does not answer.

The download runs in a daemon thread, so that a name lookup or a connection that hangs (which
socket timeouts do not always cover) cannot hold the caller: the caller waits at most
``timeout`` seconds for the connection and the first answer, then gives up. Once connected,
every read has the same timeout and the whole transfer a deadline. The body goes to a
``.partial`` file beside the destination, moved into place only when complete.
"""

from __future__ import annotations

import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

USER_AGENT = "ikkan-sources/1 (+https://w3id.org/ikkan/)"


class FetchError(Exception):
    """A download that did not complete; the message says why."""


def download(url: str, dest: Path, *, timeout: float = 5.0, deadline: float = 600.0) -> int:
    """Download ``url`` to ``dest``; the number of bytes, or :class:`FetchError`."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    partial = dest.with_name(dest.name + ".partial")
    connected, finished, cancelled = threading.Event(), threading.Event(), threading.Event()
    outcome: dict[str, object] = {}

    def work() -> None:
        try:
            request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
            with urllib.request.urlopen(request, timeout=timeout) as response:
                connected.set()
                size = 0
                with partial.open("wb") as out:
                    while chunk := response.read(1 << 16):
                        if cancelled.is_set():
                            raise FetchError("cancelled")
                        out.write(chunk)
                        size += len(chunk)
                outcome["size"] = size
        except Exception as error:  # reported to the caller, whatever it was
            outcome["error"] = error
        finally:
            connected.set()
            finished.set()

    started = time.monotonic()
    threading.Thread(target=work, name=f"download {url}", daemon=True).start()
    if not connected.wait(timeout):
        cancelled.set()
        raise FetchError(f"{url}: no answer within {timeout:g} s")
    if not finished.wait(max(0.0, deadline - (time.monotonic() - started))):
        cancelled.set()
        raise FetchError(f"{url}: not complete within {deadline:g} s")
    error = outcome.get("error")
    if error is not None:
        partial.unlink(missing_ok=True)
        if isinstance(error, urllib.error.HTTPError):
            raise FetchError(f"{url}: HTTP {error.code} {error.reason}")
        if isinstance(error, urllib.error.URLError):
            raise FetchError(f"{url}: {error.reason}")
        raise FetchError(f"{url}: {error}")
    partial.replace(dest)
    size = outcome["size"]
    assert isinstance(size, int)
    return size
