"""The editors' report: what needs attention, per organisation (``kennispunt rapport``).

It informs and never fails a run: time passing is not an error (see DESIGN, "Quality bar").
The same findings feed the command's text, the nightly run's summary and the editors' page
(``redactie/rapport.md``, outside the navigation and the search index).

Findings about a file are listed under every organisation of that file (``organisatie``), so
the editors of each organisation find them under their own name; a finding of a shared file
says which other organisations see it too ('ook bij VNG'). The overview counts each finding
once. The findings:

- reviews (``gecontroleerd``) older than 12 months, or none at all;
- expected dates (``beoogd``) that passed without a date of entry into force;
- schemes without an end date (``aanvragen_tot``);
- texts whose ``stand`` is far older than their review (the review did not update the text);
- many files of one organisation sharing one review date (set in bulk, not file by file);
- dead links from the last link check, when its report file (``kennispunt links --rapport``)
  is there.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from generator.link.graph import SiteGraph
from generator.link.state import dutch_day, stand_text
from generator.load.rules import STALE_AFTER
from generator.model.fieldtypes import stand_start
from generator.model.models import RegelingMeta, Resource, WetMeta

LINK_REPORT = "linkrapport.md"  # where the weekly link check writes its report (links.yml)
STAND_BEHIND = timedelta(days=365)  # a review this long after the 'stand' left the text as it was
BULK_REVIEW = 10  # this many files of one organisation on one review date: set in bulk

# The sections of an organisation, in the order the report shows them.
KINDS = (
    ("verouderd", "Nagekeken meer dan 12 maanden geleden (of nooit)"),
    ("beoogd", "Beoogde datum voorbij"),
    ("einddatum", "Regelingen zonder einddatum"),
    ("stand", "Stand van zaken veel ouder dan de controle"),
    ("controledatum", "Veel bestanden met dezelfde controledatum"),
    ("dode-link", "Dode links (laatste linkcontrole)"),
)


@dataclass(frozen=True, slots=True)
class Finding:
    """One thing to look at: in a file (``resource``) or across files (``resource`` None)."""

    kind: str
    text: str
    resource: Resource | None = None


@dataclass(frozen=True, slots=True)
class DeadLink:
    """A dead link from the link check's report."""

    path: str
    line: int
    url: str
    detail: str


@dataclass(frozen=True, slots=True)
class EditorsReport:
    """The findings per organisation id (sorted by name), and what the report was made from."""

    today: date
    resources: int
    by_organisation: dict[str, list[Finding]]
    names: dict[str, str]
    link_report: bool
    counts: dict[str, int] = field(default_factory=dict)

    def sections(self, organisation: str) -> list[tuple[str, list[Finding]]]:
        """An organisation's findings per kind, in report order, only the kinds it has."""
        found = self.by_organisation[organisation]
        return [(title, [f for f in found if f.kind == kind]) for kind, title in KINDS
                if any(f.kind == kind for f in found)]


def build_editors_report(graph: SiteGraph, dead_links: list[DeadLink] | None,
                         bulk: int = BULK_REVIEW) -> EditorsReport:
    """Every finding for the content in ``graph``; ``dead_links`` None: no link report found;
    ``bulk``: from this many files of one organisation on one review date, say so."""
    names: dict[str, str] = {o.id: o.afkorting or o.naam for o in graph.organisations.values()}
    names[""] = "Overige bestanden"
    found: dict[str, list[Finding]] = defaultdict(list)
    counts: Counter[str] = Counter()

    def file_finding(finding: Finding, owners: list[str]) -> None:
        """One finding about a file: counted once, listed under each of its organisations."""
        counts[finding.kind] += 1
        for owner in owners:
            others = [names.get(o, o) for o in owners if o != owner]
            also = f" (ook bij {', '.join(others)})" if others else ""
            found[owner].append(Finding(finding.kind, finding.text + also, finding.resource))

    resources = sorted(graph.resources.values(), key=lambda r: r.path)
    for resource in resources:
        for finding in _file_findings(graph, resource):
            file_finding(finding, _owners(resource))
    for owner, finding in _bulk_reviews(resources, bulk):
        counts[finding.kind] += 1
        found[owner].append(finding)
    by_path = {r.path: r for r in resources}
    for link in dead_links or ():
        target = by_path.get(link.path)
        file_finding(Finding("dode-link", f"regel {link.line}: {link.url} ({link.detail})", target),
                     _owners(target) if target else [""])

    def order(owner: str) -> tuple[bool, str]:
        return owner == "", names.get(owner, owner).casefold()

    ordered = {owner: found[owner] for owner in sorted(found, key=order) if found[owner]}
    return EditorsReport(graph.today, len(resources), ordered, names, dead_links is not None,
                         {kind: counts[kind] for kind, _ in KINDS})


def _owners(resource: Resource) -> list[str]:
    """The organisations of a file, each once, in the order the file gives them."""
    return list(dict.fromkeys(resource.meta.organisatie))


def _file_findings(graph: SiteGraph, resource: Resource) -> list[Finding]:
    meta, today = resource.meta, graph.today
    findings = []
    if meta.gecontroleerd is None:
        findings.append(Finding("verouderd", "nog nooit nagekeken tegen de bron", resource))
    elif today - meta.gecontroleerd > STALE_AFTER:
        findings.append(Finding("verouderd", f"nagekeken op {dutch_day(meta.gecontroleerd)}",
                                resource))
    if isinstance(meta, WetMeta) and graph.state(resource).key == "beoogd-voorbij":
        assert meta.beoogd is not None
        findings.append(Finding("beoogd", f"beoogd per {dutch_day(meta.beoogd)}, nog geen datum "
                                "van inwerkingtreding (in_werking)", resource))
    if isinstance(meta, RegelingMeta) and meta.aanvragen_tot is None and meta.status == "actueel":
        findings.append(Finding("einddatum", f"geen aanvragen_tot; site toont: "
                                f"{graph.state(resource).label}", resource))
    if meta.stand and meta.gecontroleerd and meta.gecontroleerd - stand_start(meta.stand) > STAND_BEHIND:
        findings.append(Finding("stand", f"stand {stand_text(meta.stand)}, nagekeken op "
                                f"{dutch_day(meta.gecontroleerd)}", resource))
    return findings


def _bulk_reviews(resources: list[Resource], bulk: int) -> list[tuple[str, Finding]]:
    """Organisations with many files on one review date (a shared file counts for each)."""
    dates: Counter[tuple[str, date]] = Counter(
        (owner, r.meta.gecontroleerd) for r in resources if r.meta.gecontroleerd is not None
        for owner in _owners(r))
    return [(owner, Finding("controledatum", f"{count} bestanden zijn nagekeken op "
                            f"{dutch_day(day)}: is elk bestand echt tegen de bron gelezen?"))
            for (owner, day), count in sorted(dates.items()) if count >= bulk]


# --- the link check's report ---------------------------------------------------------------

_ROW = re.compile(r"^\|\s*(\d+)\s*\|\s*<(.*)>\s*\|\s*(.*?)\s*\|$")


def read_dead_links(path: Path) -> list[DeadLink] | None:
    """The dead links in a report of ``kennispunt links --rapport`` (None: no such file).

    The report lists them under '## Dode links', per file ('### `pad`'), as table rows
    '| regel | <adres> | melding |' (see generator/publish/linkcheck.py).
    """
    try:
        text = path.read_text("utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    links, in_dead, current = [], False, ""
    for line in text.splitlines():
        if line.startswith("## "):
            in_dead = line.startswith("## Dode links")
        elif in_dead and line.startswith("### `") and line.endswith("`"):
            current = line[5:-1]
        elif in_dead and current and (row := _ROW.match(line)):
            links.append(DeadLink(current, int(row.group(1)), row.group(2).replace("\\|", "|"),
                                  row.group(3).replace("\\|", "|")))
    return links


# --- the text: command output and the nightly run's summary ------------------------------------

def render_report_text(report: EditorsReport) -> str:
    """The report as Dutch Markdown text (command output and $GITHUB_STEP_SUMMARY)."""
    lines = ["# Redactierapport", "",
             f"Stand op {dutch_day(report.today)}: {report.resources} bronnen. Dit rapport "
             "informeert; het houdt geen publicatie tegen.", "", "## Overzicht", ""]
    lines += [f"- {title}: {report.counts[kind]}" for kind, title in KINDS if kind != "dode-link"]
    lines.append(f"- {KINDS[-1][1]}: {report.counts['dode-link']}" if report.link_report
                 else f"- {KINDS[-1][1]}: geen linkrapport gevonden ({LINK_REPORT})")
    if not report.by_organisation:
        return "\n".join([*lines, "", "Niets te melden."]) + "\n"
    for organisation in report.by_organisation:
        lines += ["", f"## {_plain(report.names.get(organisation, organisation))}"]
        for title, findings in report.sections(organisation):
            lines += ["", f"### {title}", ""]
            lines += [f"- {_where(f)}{_plain(f.text)}" for f in findings]
    return "\n".join(lines) + "\n"


def _where(finding: Finding) -> str:
    if finding.resource is None:
        return ""
    return f"{finding.resource.path} ({_plain(finding.resource.meta.titel)}): "


def _plain(text: str) -> str:
    """Contributor text on one line, without what Markdown or a workflow would read as markup."""
    return " ".join(text.split()).replace("<", "&lt;").lstrip(":")
