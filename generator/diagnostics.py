"""Problems found in content, and the report that collects them.

Every stage returns :class:`Diagnostic` values instead of raising: a contributor sees every
problem in one run. Whether a warning stops the build is decided here, by policy
(``strict``), never by the code that found it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from enum import StrEnum


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
        hint = f" ({self.hint})" if self.hint else ""
        return (
            f"{self.path}:{self.line}:{self.column}: "
            f"{self.severity.value} {self.code}: {self.message}{hint}"
        )

    def format_github(self) -> str:
        """A GitHub Actions workflow command that annotates the line in a pull request."""
        kind = "error" if self.severity is Severity.ERROR else "warning"
        hint = f" ({self.hint})" if self.hint else ""
        props = ",".join(
            [
                f"file={_escape_property(self.path)}",
                f"line={self.line}",
                f"col={self.column}",
                f"title={_escape_property(self.code)}",
            ]
        )
        return f"::{kind} {props}::{_escape_data(self.message + hint)}"


def error(path: str, line: int, column: int, code: str, message: str, hint: str = "") -> Diagnostic:
    """Shorthand for an error diagnostic."""
    return Diagnostic(path, line, column, Severity.ERROR, code, message, hint)


def warning(
    path: str, line: int, column: int, code: str, message: str, hint: str = ""
) -> Diagnostic:
    """Shorthand for a warning diagnostic."""
    return Diagnostic(path, line, column, Severity.WARNING, code, message, hint)


def _escape_data(text: str) -> str:
    # GitHub's own escaping rules for workflow commands: without them a contributor's text
    # containing a newline followed by "::set-output" would run as a command.
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
        """True when the build must stop: any error, or any warning under ``strict``."""
        return bool(self.errors) or (strict and bool(self.warnings))

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
        rows = [{**asdict(d), "severity": d.severity.value} for d in self.diagnostics]
        return json.dumps(rows, ensure_ascii=False, indent=2)

    def summary(self) -> str:
        errors, warnings = len(self.errors), len(self.warnings)
        if not errors and not warnings:
            return "Geen problemen gevonden."
        return f"{_count(errors, 'fout', 'fouten')}, {_count(warnings, 'waarschuwing', 'waarschuwingen')}."


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"
