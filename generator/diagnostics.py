"""Problems found in content, and the report that collects them.

Every stage returns :class:`Diagnostic` values instead of raising: a contributor sees every
problem in one run. Whether a warning stops the build is decided here, by policy
(``strict``), never by the code that found it.
"""

from __future__ import annotations

import difflib
import json
import unicodedata
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from enum import StrEnum
from typing import Any

# Categories of characters that change how text looks or where a line ends without being
# visible themselves: control (Cc, which holds U+0085), format (Cf: bidi overrides and
# isolates, zero-width characters, U+2060, U+FEFF) and the line and paragraph separators.
_UNSAFE_CATEGORIES = frozenset({"Cc", "Cf", "Zl", "Zp"})
# A GitHub workflow command is a line that starts with '::' (spaces before it allowed).
_COMMAND_START = "::"


def is_unsafe_char(char: str) -> bool:
    """Whether ``char`` is a control or invisible character (see :func:`safe_text`), or a
    Unicode noncharacter (U+FDD0-U+FDEF, U+FFFE, U+FFFF and the last two of every plane),
    which YAML readers and browsers do not accept as text."""
    code = ord(char)
    return unicodedata.category(char) in _UNSAFE_CATEGORIES \
        or 0xFDD0 <= code <= 0xFDEF or code & 0xFFFE == 0xFFFE


def escape_char(char: str) -> str:
    """One character as a ``\\u`` escape with four hex digits (``\\U`` and eight above U+FFFF)."""
    code = ord(char)
    return f"\\u{code:04X}" if code <= 0xFFFF else f"\\U{code:08X}"


def safe_text(text: str) -> str:
    """Contributor text made safe for one report line.

    Normalised to NFC (a file name typed on a Mac prints like the same name typed elsewhere);
    newlines, carriage returns and every other control or invisible character (Unicode
    categories Cc, Cf, Zl and Zp) become ``\\u`` escapes such as ``\\u202e``; and the text never
    starts with '::', so it cannot become a GitHub workflow command (``::error``, ``::add-mask::``).
    """
    text = _escape_chars(text)
    if text.lstrip().startswith(_COMMAND_START):
        start = text.index(":")
        text = text[:start] + escape_char(":") + text[start + 1:]
    return text


def _escape_chars(text: str) -> str:
    text = unicodedata.normalize("NFC", text)
    if text.isprintable():  # the common case: printable text has none of these characters
        return text
    return "".join(escape_char(c) if is_unsafe_char(c) else c for c in text)


TIME_WARNINGS = frozenset({"verouderd"})


class Severity(StrEnum):
    """How bad a problem is. The value is the Dutch word shown to contributors."""

    ERROR = "fout"
    WARNING = "waarschuwing"


@dataclass(frozen=True, slots=True, order=True)
class Diagnostic:
    """One problem at one place: ``path:line:column: ernst code: message (hint)``."""

    path: str
    line: int
    column: int
    severity: Severity
    code: str
    message: str
    hint: str = ""

    def format_text(self) -> str:
        """The line a contributor reads in the terminal."""
        hint = f" ({safe_text(self.hint)})" if self.hint else ""
        return (
            f"{safe_text(self.path)}:{self.line}:{self.column}: "
            f"{self.severity.value} {safe_text(self.code)}: {safe_text(self.message)}{hint}"
        )

    def format_github(self) -> str:
        """A GitHub Actions workflow command that annotates the line in a pull request."""
        kind = "error" if self.severity is Severity.ERROR else "warning"
        hint = f" ({self.hint})" if self.hint else ""
        props = ",".join(
            [
                f"file={_escape_property(_escape_chars(self.path))}",
                f"line={self.line}",
                f"col={self.column}",
                f"title={_escape_property(_escape_chars(self.code))}",
            ]
        )
        return f"::{kind} {props}::{_escape_data(safe_text(self.message + hint))}"

    def as_row(self) -> dict[str, str | int]:
        """The diagnostic as a JSON object, every text made safe like a report line."""
        row: dict[str, str | int] = {**asdict(self), "severity": self.severity.value}
        return {k: safe_text(v) if isinstance(v, str) else v for k, v in row.items()}


def error(path: str, line: int, column: int, code: str, message: str, hint: str = "") -> Diagnostic:
    """Shorthand for an error diagnostic."""
    return Diagnostic(path, line, column, Severity.ERROR, code, message, hint)


def warning(
    path: str, line: int, column: int, code: str, message: str, hint: str = ""
) -> Diagnostic:
    """Shorthand for a warning diagnostic."""
    return Diagnostic(path, line, column, Severity.WARNING, code, message, hint)


def _escape_data(text: str) -> str:
    # GitHub's own escaping rules for workflow commands (after safe_text, as a second guard):
    # without them a contributor's text containing a newline followed by "::set-output"
    # would run as a command.
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


@dataclass(frozen=True, slots=True)
class Report:
    """Every diagnostic of one run: deduplicated and sorted by file, line and column."""

    diagnostics: tuple[Diagnostic, ...]

    @classmethod
    def from_diagnostics(cls, found: Iterable[Diagnostic]) -> Report:
        """Collect, deduplicate and sort."""
        return cls(tuple(sorted(set(found))))

    @property
    def errors(self) -> tuple[Diagnostic, ...]:
        return tuple(d for d in self.diagnostics if d.severity is Severity.ERROR)

    @property
    def warnings(self) -> tuple[Diagnostic, ...]:
        return tuple(d for d in self.diagnostics if d.severity is Severity.WARNING)

    def fails(self, *, strict: bool) -> bool:
        """True when the build must stop: any error, or under ``strict`` any warning.

        Warnings that only time brings (:data:`TIME_WARNINGS`: a review older than a year)
        never stop anything, strict or not: they are reported, in the run summary and the
        editors' report, but a pull request or a nightly publication must not fail because
        the calendar moved.
        """
        return bool(self.errors) or (strict and any(
            d.code not in TIME_WARNINGS for d in self.warnings))

    def only_paths(self, paths: Iterable[str]) -> Report:
        """The diagnostics of the given files (or of files under the given folders)."""
        wanted = tuple(p.rstrip("/") for p in paths)
        return Report(
            tuple(
                d
                for d in self.diagnostics
                if any(d.path == w or d.path.startswith(w + "/") for w in wanted)
            )
        )

    def format_text(self) -> str:
        """All lines plus a Dutch summary line."""
        lines = [d.format_text() for d in self.diagnostics]
        lines.append(self.summary())
        return "\n".join(lines)

    def format_github(self) -> str:
        return "\n".join(d.format_github() for d in self.diagnostics)

    def format_json(self) -> str:
        rows = [d.as_row() for d in self.diagnostics]
        return json.dumps(rows, ensure_ascii=False, indent=2)

    def summary(self) -> str:
        errors, warnings = len(self.errors), len(self.warnings)
        if not errors and not warnings:
            return "Geen problemen gevonden."
        summary = f"{_count(errors, 'fout', 'fouten')}, {_count(warnings, 'waarschuwing', 'waarschuwingen')}."
        if any(d.code in TIME_WARNINGS for d in self.warnings):
            summary += (" Waarschuwingen over teksten die lang niet zijn nagekeken houden niets"
                        " tegen, ook niet met --strict.")
        return summary


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


# Hints: what a message suggests, and how it shows a contributor's value.

MAX_SHOWN = 60


def did_you_mean(value: str, candidates: list[str]) -> str:
    """'bedoelde u …?' for the closest candidate, or ''.

    Compared without case and accents, so 'Friesland' finds 'Fryslân' (not 'Flevoland').
    """
    close = closest(value, candidates)
    return f"bedoelde u '{close}'?" if close else ""


def closest(value: str, candidates: list[str]) -> str | None:
    """The candidate most like ``value`` (ignoring case and accents), if any is close."""
    folded = {_fold(c): c for c in candidates}
    close = difflib.get_close_matches(_fold(value), list(folded), n=1, cutoff=0.6)
    return folded[close[0]] if close else None


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().casefold()


def shown(value: Any) -> str:
    """A contributor's value, shortened for a message."""
    text = str(value)
    return text if len(text) <= MAX_SHOWN else text[: MAX_SHOWN - 1] + "…"
