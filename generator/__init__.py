"""Kennisplatform generator: validate content, link it and publish a static site."""

from generator.diagnostics import Diagnostic, Report, Severity
from generator.load.repository import CheckResult, check_repository

__all__ = ["CheckResult", "Diagnostic", "Report", "Severity", "check_repository"]
__version__ = "0.1.0"
