"""Golden diagnostics: broken fixtures in, the exact `kennispunt check` text out.

Each broken fixture is one repository (tests/fixtures/broken, tests/fixtures/broken-organisaties)
in which every broken file is named after its case: ``<code>.md`` or ``<code>-<variant>.md``
(also .pdf/.png/... for file-type cases). Its ``expected.txt`` is the exact output of
``kennispunt check --map <fixture> --datum 2026-06-01``.

After an intended change in messages or rules, refresh the golden files with

    ./scripts/refresh-golden diagnostics

and read ``git diff tests/fixtures`` before committing: every changed line is a change in what
contributors see.
"""

from __future__ import annotations

import ast
import os
import re
import shutil
import unicodedata
from collections import defaultdict
from datetime import date
from pathlib import Path

import pytest

from generator.load.repository import check_repository
from tests.conftest import FIXTURE_DATE, ROOT, run_kennispunt

FIXTURES = ROOT / "tests" / "fixtures"
BROKEN = FIXTURES / "broken"
GOLDEN_FIXTURES = [BROKEN, FIXTURES / "broken-organisaties"]
TODAY = date.fromisoformat(FIXTURE_DATE)
LINE = re.compile(r"^(?P<path>.+?):(?P<line>\d+):(?P<column>\d+): (?P<severity>fout|waarschuwing) "
                  r"(?P<code>[a-z0-9-]+): ")

# Every code the validator can emit. A new code needs a broken case (or a runtime case below).
ALL_CODES = frozenset({
    "te-groot", "geen-utf8", "onzichtbaar-teken", "regel-te-lang", "frontmatter-ontbreekt",
    "frontmatter-niet-afgesloten", "frontmatter-te-groot", "frontmatter-leeg", "yaml-fout",
    "yaml-tag", "yaml-anker", "yaml-alias", "dubbele-sleutel", "te-diep",
    "ongeldige-datum", "ongeldige-waarde", "ongeldig-id", "ongeldige-url", "ongeldig-bwb-id",
    "map-ontbreekt", "symlink", "ongeldig-bestandstype", "onbekende-map", "verkeerde-plek",
    "gereserveerd-id", "naamconflict", "dubbel-id",
    "geen-velden", "geen-lijst", "verplicht-veld", "onbekend-veld", "te-kort", "te-lang",
    "leeg-veld", "verkeerd-type",
    "onbekende-doelgroep", "onbekende-organisatie", "onbekende-verwijzing", "zelfverwijzing",
    "dubbele-titel", "datum-onwaarschijnlijk", "sjabloontekst", "niet-gecontroleerd",
    "verouderd", "einde-voor-start", "locatie-ontbreekt", "onveilige-html", "onveilige-link",
    "ongeldige-link", "dode-link", "te-weinig-stappen",
    "register-ontbreekt", "windows-naam",
    "verdachte-host", "onveilige-verbinding", "meerdere-regels", "lijst-zonder-haken",
    "commentaar-in-tekst", "tabel-met-tabs", "onbekend-anker", "externe-afbeelding",
    "geen-afbeelding", "verkeerd-bestandstype", "afbeelding-te-groot",
})
# Codes that a committed fixture cannot show; each is tested where it can happen.
RUNTIME_CODES = {
    "symlink": "test_symlinks_are_reported_next_to_the_golden_output (git may not keep links)",
    "map-ontbreekt": "tests/test_sources.py (a repository without groups/)",
    "register-ontbreekt": "tests/test_cli.py (a repository without organisaties.yml)",
    "geen-lijst": "tests/test_cli.py (organisaties.yml that is not a list)",
    # A committed 'con.md' would make this very repository impossible to check out on Windows.
    "windows-naam": "tests/test_sources.py (con.md, aux.md, nul.md ... made at run time)",
    # A committed image over 2 MB would weigh on every clone.
    "afbeelding-te-groot": "tests/test_images.py (a 2.1 MB file made at run time)",
}
# File names that the case itself dictates (a reserved id cannot carry its code in its name).
FORCED_NAMES = {"zoeken": "gereserveerd-id", "alle": "gereserveerd-id"}
BASELINE = {"statushouders", "ouderen", "dak-en-thuisloosheid", "organisaties"}
VALIDATOR_MODULES = ("load/frontmatter", "load/yamlparse", "model/fieldtypes", "load/discover", "load/body",
                     "load/bodyrules", "load/sanitize", "load/validate", "load/rules", "load/images",
                     "load/repository")


def parse_output(text: str) -> list[dict[str, str]]:
    rows = []
    for line in text.splitlines()[:-1]:  # the last line is the summary
        match = LINE.match(line)
        assert match, f"regel zonder vorm pad:regel:kolom: ernst code: {line!r}"
        rows.append(match.groupdict())
    return rows


@pytest.mark.parametrize("fixture", GOLDEN_FIXTURES, ids=lambda p: p.name)
def test_check_output_equals_golden(fixture: Path) -> None:
    done = run_kennispunt("check", "--map", str(fixture), "--datum", FIXTURE_DATE)
    assert "Traceback" not in done.stdout + done.stderr
    assert done.stderr == ""
    assert done.returncode == 1
    expected = (fixture / "expected.txt").read_text("utf-8")
    assert done.stdout == expected, "verschil met expected.txt; ververs met ./scripts/refresh-golden"


@pytest.mark.parametrize("fixture", GOLDEN_FIXTURES, ids=lambda p: p.name)
def test_output_is_sorted_and_well_formed(fixture: Path) -> None:
    rows = parse_output((fixture / "expected.txt").read_text("utf-8"))
    keys = [(r["path"], int(r["line"]), int(r["column"])) for r in rows]
    assert keys == sorted(keys)
    assert {r["code"] for r in rows} <= ALL_CODES


def _case_files() -> dict[str, list[str]]:
    """Case name -> the files of that case (two files share a case for collisions)."""
    cases: dict[str, list[str]] = defaultdict(list)
    for top in ("content", "groups"):
        for path in sorted((BROKEN / top).rglob("*")):
            if path.is_file():
                stem = unicodedata.normalize("NFC", path.name.split(".")[0]).casefold()
                if stem not in BASELINE and not stem.startswith("basis-"):
                    cases[stem].append(path.relative_to(BROKEN).as_posix())
    return cases


def _code_of_case(stem: str) -> str:
    if stem in FORCED_NAMES:
        return FORCED_NAMES[stem]
    matches = [c for c in ALL_CODES if stem == c or stem.startswith(c + "-")]
    assert matches, f"{stem}: de bestandsnaam begint niet met een bekende code"
    return max(matches, key=len)


def test_every_case_reports_its_own_code() -> None:
    rows = parse_output((BROKEN / "expected.txt").read_text("utf-8"))
    found: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        found[unicodedata.normalize("NFC", row["path"])].add(row["code"])
    cases = _case_files()
    assert len(cases) >= 45
    for stem, files in cases.items():
        code = _code_of_case(stem)
        reported = set().union(*(found[unicodedata.normalize("NFC", f)] for f in files))
        assert code in reported, f"{files}: verwacht {code}, gemeld {sorted(reported)}"


def test_every_code_has_a_case() -> None:
    shown = {r["code"] for f in GOLDEN_FIXTURES
             for r in parse_output((f / "expected.txt").read_text("utf-8"))}
    assert ALL_CODES - shown == set(RUNTIME_CODES)


def _codes_in_source() -> set[str]:
    """String constants used as a diagnostic code in the validator modules."""
    found: set[str] = set()
    code_position = {"error": 3, "warning": 3, "_problem": 1, "_fail": 0, "_unknown": 4,
                     "Diagnostic": 4}
    for name in VALIDATOR_MODULES:
        tree = ast.parse((ROOT / "generator" / f"{name}.py").read_text("utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                func = node.func
                called = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
                index = code_position.get(called)
                if index is not None and len(node.args) > index:
                    arg = node.args[index]
                    if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                        found.add(arg.value)
            elif isinstance(node, ast.Tuple):
                # (code, message, hint), (message, code), (where, code, message, hint) and
                # url_findings' (Severity.X, code, message, hint): a code-like constant
                for element in node.elts:
                    if isinstance(element, ast.Constant) and isinstance(element.value, str) \
                            and re.fullmatch(r"[a-z]+(-[a-z0-9]+)+", element.value):
                        found.add(element.value)
    found.discard("date_type")  # a pydantic type reused on purpose, shown as leeg-veld/verkeerd-type
    return found


def test_all_codes_list_matches_the_source() -> None:
    assert _codes_in_source() == ALL_CODES


def test_bom_and_crlf_keep_positions() -> None:
    rows = parse_output((BROKEN / "expected.txt").read_text("utf-8"))
    at = {(r["path"], r["code"]): (int(r["line"]), int(r["column"])) for r in rows}
    # line 4 is 'doelgroepen: [statushouders, statushoudrs]'; the BOM takes no column
    assert at["content/handreikingen/onbekende-doelgroep-bom-crlf.md", "onbekende-doelgroep"] == (4, 30)
    # the link is on line 12 of the file: 'Zie [weg](basis-bronn.md).'
    assert at["content/handreikingen/dode-link-bom-crlf.md", "dode-link"] == (12, 11)
    raw = (BROKEN / "content/handreikingen/dode-link-bom-crlf.md").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf---\r\n")
    assert raw.split(b"\r\n")[11] == b"Zie [weg](basis-bronn.md)."


def test_symlinks_are_reported_next_to_the_golden_output(tmp_path: Path) -> None:
    if not hasattr(os, "symlink"):
        pytest.skip("no symlinks on this system")
    root = tmp_path / "broken"
    shutil.copytree(BROKEN, root, symlinks=True)
    (root / "content/handreikingen/symlink.md").symlink_to("basis-bron.md")
    (root / "content/onderzoek").mkdir(exist_ok=True)  # git keeps no empty folders
    (root / "content/onderzoek/symlink-map").symlink_to("../handreikingen", target_is_directory=True)
    before = check_repository(BROKEN, TODAY).report.diagnostics
    after = check_repository(root, TODAY).report.diagnostics
    added = sorted(set(after) - set(before))
    assert [(d.path, d.code, d.line) for d in added] == [
        ("content/handreikingen/symlink.md", "symlink", 1),
        ("content/onderzoek/symlink-map", "symlink", 1),
    ]
    assert set(before) <= set(after)
