"""Durations as Virtuoso writes them, read back as the XSD lexical forms they stand for.

Virtuoso keeps an ``xsd:duration`` (and ``xsd:dayTimeDuration``, ``xsd:yearMonthDuration``) of
days, hours, minutes and whole seconds only as its number of seconds, and one of years and months
only as its number of months, and writes that number back as the lexical form: ``"P1D"`` comes
back as ``"86400.0"^^xsd:duration`` and ``"P1M"`` as ``"1"^^xsd:duration``, which no XSD reader
accepts. (A duration of both kinds, or with a fraction of a second, comes back as written.) The
remote backend reads Virtuoso's answers through :class:`DurationStream`, which writes each such
number as the canonical XSD form of the same value (``"P1D"``, ``"P1M"``): the value is the one
loaded, and its form is the one the build writes, which is canonical. A non-canonical form
(``"PT24H"``) comes back canonical (``"P1D"``), the value unchanged.

It reads the formats the dialect asks Virtuoso for: SPARQL XML results (a ``<literal>`` with a
duration datatype), N-Triples (a literal followed by ``^^<…#duration>``) and RDF/XML (an element
with that ``rdf:datatype``), a line at a time, so a literal is never split between two reads.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import IO

XSD = "http://www.w3.org/2001/XMLSchema#"
_KINDS = rb"duration|dayTimeDuration|yearMonthDuration"
_NUMBER = rb"-?[0-9]+(?:\.[0-9]+)?"

# In XML (SPARQL XML's ``<literal datatype=…>``, RDF/XML's ``rdf:datatype=…``) a literal's text
# cannot hold "<"; in N-Triples a literal opens after white space and its closing quote is the
# first one not escaped: neither expression can match inside a string.
_XML = re.compile(
    rb'([ \t](?:[A-Za-z_][\w.-]*:)?datatype="http://www\.w3\.org/2001/XMLSchema#('
    + _KINDS
    + rb')">)('
    + _NUMBER
    + rb")(</)"
)
_NTRIPLES = re.compile(
    rb'(?<=[ \t])"(' + _NUMBER + rb')"(\^\^<http://www\.w3\.org/2001/XMLSchema#(' + _KINDS + rb")>)"
)
# Cheap test before the expressions run: a read without it is passed on as it is.
_MARK = b"Duration"
_MARK_LOWER = b"#duration"


def canonical(number: str, kind: str) -> str | None:
    """The canonical XSD form of the duration Virtuoso wrote as ``number``, or None when that
    is not one of its numbers. A number with a decimal point is seconds; a whole number is
    months (its writing of a year-month duration), except for ``dayTimeDuration``."""
    try:
        value = Decimal(number)
    except ArithmeticError:
        return None
    if not value.is_finite():
        return None
    seconds = "." in number or kind == "dayTimeDuration"
    if kind == "yearMonthDuration" and "." in number:
        return None
    sign = "-" if value < 0 else ""
    value = abs(value)
    if not seconds:
        years, months = divmod(int(value), 12)
        text = (f"{years}Y" if years else "") + (f"{months}M" if months or not years else "")
        return f"{sign}P{text}"
    days, rest = divmod(value, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, rest = divmod(rest, 60)
    date = f"{int(days)}D" if days else ""
    time = (f"{int(hours)}H" if hours else "") + (f"{int(minutes)}M" if minutes else "")
    if rest or not (date or time):
        time += f"{_plain(rest)}S"
    return f"{sign}P{date}" + (f"T{time}" if time else "")


def _plain(seconds: Decimal) -> str:
    """Seconds without an exponent or trailing zeros: ``0``, ``1.5``."""
    return format(seconds.normalize(), "f")


def rewrite(data: bytes) -> bytes:
    """``data`` (whole lines of SPARQL XML, N-Triples or RDF/XML) with Virtuoso's duration
    numbers as XSD durations."""
    if _MARK not in data and _MARK_LOWER not in data:
        return data

    def xml(match: re.Match[bytes]) -> bytes:
        form = canonical(match[3].decode(), match[2].decode())
        return match[0] if form is None else match[1] + form.encode() + match[4]

    def ntriples(match: re.Match[bytes]) -> bytes:
        form = canonical(match[1].decode(), match[3].decode())
        return match[0] if form is None else b'"' + form.encode() + b'"' + match[2]

    return _NTRIPLES.sub(ntriples, _XML.sub(xml, data))


class DurationStream:
    """A file-like reader of ``source`` with :func:`rewrite` applied, a line at a time."""

    CHUNK = 64 * 1024

    def __init__(self, source: IO[bytes]) -> None:
        self._source = source
        self._buffer = b""
        self._ended = False

    def _fill(self, wanted: int) -> None:
        while not self._ended and (wanted < 0 or len(self._buffer) < wanted):
            chunk = self._source.read(self.CHUNK)
            if not chunk:
                self._ended = True
                break
            if not chunk.endswith(b"\n"):
                # Complete the line, so that no literal is cut in two.
                chunk += self._source.readline()
            self._buffer += rewrite(chunk)

    def read(self, size: int | None = -1) -> bytes:
        wanted = -1 if size is None or size < 0 else size
        self._fill(wanted)
        if wanted < 0:
            data, self._buffer = self._buffer, b""
        else:
            data, self._buffer = self._buffer[:wanted], self._buffer[wanted:]
        return data

    def readable(self) -> bool:
        return True

    def close(self) -> None:
        self._source.close()
