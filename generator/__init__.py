"""Kennisplatform generator: validate content, link it and publish a static site."""

from .check import CheckResult, check_repository
from .diagnostics import Diagnostic, Report, Severity

__all__ = ["CheckResult", "Diagnostic", "Report", "Severity", "check_repository"]
__version__ = "0.1.0"
