"""Property tests: generated valid documents pass; mutated files give diagnostics, never a crash."""

from __future__ import annotations

import json
import re
import shutil
import tempfile
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.load import frontmatter, yamlparse
from generator.load.frontmatter import decode_source, split_source
from generator.load.repository import check_repository
from generator.load.validate import validate_front
from generator.model import fieldtypes
from generator.model.models import PROVINCIES, SOORTEN
from tests.conftest import FIXTURE_DATE, FIXTURE_SITE
from tests.load.test_golden_diagnostics import ALL_CODES

TODAY = date.fromisoformat(FIXTURE_DATE)
GROUPS = ["statushouders", "ouderen", "dak-en-thuisloosheid", "alle"]
ORGANISATIONS = ["bzk", "vng", "aedes", "rvo", "gemeente-voorbeeldstad"]
RESOURCES = ["wet-versterking-regie", "programma-een-thuis", "woonzorgvisie-opstellen",
             "monitor-ouderenhuisvesting", "netwerk-housing-first"]
TARGET = "content/handreikingen/taakstelling-statushouders.md"
BUDGET = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SMALL_BUDGET = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Characters a contributor may type: no control, format (bidi, zero-width), separator or
# unassigned characters, which the checker refuses on purpose.
_letters = st.characters(blacklist_categories=("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"))


def _text(min_size: int, max_size: int) -> st.SearchStrategy[str]:
    return st.text(_letters, min_size=min_size, max_size=max_size).filter(
        lambda s: min_size <= len(s.strip()) and len(s) <= max_size)


def _quoted(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # YAML double quotes accept JSON escapes


def _flow(items: list[str]) -> str:
    return "[" + ", ".join(items) + "]"


def _ids(values: list[str]) -> st.SearchStrategy[list[str]]:
    return st.lists(st.sampled_from(values), min_size=1, max_size=3, unique=True)


@st.composite
def resource_documents(draw: st.DrawFn, soort: str | None = None) -> tuple[str, str]:
    """(soort, front matter YAML) of a valid resource."""
    soort = soort or draw(st.sampled_from(list(SOORTEN)))
    day = st.dates(date(1900, 1, 1), TODAY + timedelta(days=366))
    fields = {
        "titel": _quoted(draw(_text(5, 150))),
        "samenvatting": _quoted(draw(_text(20, 300))),
        "doelgroepen": "[" + ", ".join(draw(_ids(GROUPS))) + "]",
        "organisatie": draw(st.one_of(st.sampled_from(ORGANISATIONS),
                                      _ids(ORGANISATIONS).map(lambda v: "[" + ", ".join(v) + "]"))),
        "datum": draw(day).isoformat(),
        "gecontroleerd": draw(st.dates(TODAY - timedelta(days=365), TODAY)).isoformat(),
        "trefwoorden": _flow([_quoted(w) for w in draw(st.lists(_text(1, 80), max_size=4))]),
        "gerelateerd": _flow(draw(st.lists(st.sampled_from(RESOURCES), max_size=3, unique=True))),
        "status": draw(st.sampled_from(["actueel", "vervallen"])),
    }
    if draw(st.booleans()):
        fields["bron"] = draw(st.sampled_from(["https://www.example.nl/", "http://example.org/a?b=c#d"]))
    fields.update(draw(_extra_fields(soort)))
    lines = [f"{key}: {value}" for key, value in fields.items()]
    return soort, "\n".join(draw(st.permutations(lines))) + "\n"


@st.composite
def _extra_fields(draw: st.DrawFn, soort: str) -> dict[str, str]:
    if soort == "praktijkvoorbeelden":
        return {"gemeente": _quoted(draw(_text(2, 80))),
                "provincie": draw(st.sampled_from(PROVINCIES))}
    if soort == "agenda":
        start = draw(st.dates(date(2000, 1, 1), TODAY + timedelta(days=3 * 365)))
        hours = draw(st.integers(0, 22))
        length = draw(st.integers(0, 3))
        where = draw(st.sampled_from([{"online": "true"}, {"locatie": "Utrecht"},
                                      {"online": "ja", "locatie": "Zwolle"}]))
        return {"vorm": draw(st.sampled_from(["bijeenkomst", "webinar", "congres", "cursus"])),
                "start": f"{start.isoformat()}T{hours:02d}:00",
                "einde": f"{(start + timedelta(days=length)).isoformat()}T{hours + 1:02d}:30", **where}
    if soort == "wet-en-regelgeving":
        return {"bwb_id": f"BWBR{draw(st.integers(0, 9999999)):07d}", "kamerstuk": '"36 512"'}
    if soort == "financiele-regelingen":
        return {"aanvragen_tot": draw(st.dates(date(2000, 1, 1), date(2100, 1, 1))).isoformat(),
                "loket": draw(st.sampled_from(ORGANISATIONS))}
    if soort == "netwerken":
        return {"contact": draw(st.sampled_from(["info@example.nl", "https://www.example.org/contact"]))}
    return {}


def body_for(soort: str) -> str:
    return ("\nInleiding.\n\n## Eerste stap\n\nTekst.\n\n## Tweede stap\n\nZie [de wet]"
            "(../wet-en-regelgeving/wet-versterking-regie.md) en [ouderen](../../groups/ouderen.md).\n")


@BUDGET
@given(resource_documents())
def test_generated_valid_documents_pass_validation(document: tuple[str, str]) -> None:
    soort, front = document
    text, problems = decode_source("x.md", f"---\n{front}---\n{body_for(soort)}".encode())
    assert problems == [] and text is not None
    split, problems = split_source("x.md", text)
    assert problems == [] and split is not None
    model, problems = validate_front("x.md", split.front, SOORTEN[soort].model)
    assert [d.format_text() for d in problems] == []
    assert model is not None


@pytest.fixture(scope="module")
def scratch_repo() -> Iterator[Path]:
    folder = Path(tempfile.mkdtemp(prefix="kennispunt-eigenschappen-"))
    shutil.copytree(FIXTURE_SITE / "content", folder / "content")
    shutil.copytree(FIXTURE_SITE / "groups", folder / "groups")
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


@SMALL_BUDGET
@given(st.lists(resource_documents(), min_size=1, max_size=4))
def test_generated_documents_pass_the_whole_check(scratch_repo: Path,
                                                  documents: list[tuple[str, str]]) -> None:
    written = []
    try:
        for index, (soort, front) in enumerate(documents):
            path = scratch_repo / "content" / soort / f"gegenereerd-{index}.md"
            # titles must be unique across the site; the generated ones get a number
            front = front.replace('titel: "', f'titel: "{index}. ', 1)
            path.write_text(f"---\n{front}---\n{body_for(soort)}", "utf-8")
            written.append(path)
        report = check_repository(scratch_repo, TODAY).report
        errors = [d.format_text() for d in report.errors if d.code != "dubbele-titel"]
        assert errors == []
    finally:
        for path in written:
            path.unlink()


_SYNTAX = st.sampled_from([":", ": ", "-", "- ", "[", "]", "{", "}", ",", "&a", "*a", "!", "!!str ",
                           "|", ">", "'", '"', "#", "%", "@", "`", "\t", "\n", "\r\n", "---\n", "...\n",
                           "? ", "\\", "<script>", "](", "[x](", "\ufeff", "\u202e", "\x00", "\u2028"])


@st.composite
def mutations(draw: st.DrawFn, original: bytes) -> bytes:
    data = bytearray(original)
    for _ in range(draw(st.integers(1, 6))):
        kind = draw(st.sampled_from(["flip", "delete-line", "syntax", "unicode", "cut", "duplicate-line"]))
        at = draw(st.integers(0, max(len(data) - 1, 0)))
        if kind == "flip" and data:
            data[at] ^= 1 << draw(st.integers(0, 7))
        elif kind == "delete-line":
            lines = bytes(data).split(b"\n")
            del lines[draw(st.integers(0, len(lines) - 1))]
            data = bytearray(b"\n".join(lines))
        elif kind == "duplicate-line":
            lines = bytes(data).split(b"\n")
            index = draw(st.integers(0, len(lines) - 1))
            lines.insert(index, lines[index])
            data = bytearray(b"\n".join(lines))
        elif kind == "syntax":
            data[at:at] = draw(_SYNTAX).encode()
        elif kind == "unicode":
            data[at:at] = draw(st.text(min_size=1, max_size=3)).encode("utf-8", "surrogatepass")
        elif kind == "cut":
            data = data[:at]
    return bytes(data)


_ORIGINAL = (FIXTURE_SITE / TARGET).read_bytes()


@BUDGET
@given(mutations(_ORIGINAL))
def test_mutated_files_give_diagnostics_never_exceptions(scratch_repo: Path, raw: bytes) -> None:
    target = scratch_repo / TARGET
    try:
        target.write_bytes(raw)
        report = check_repository(scratch_repo, TODAY).report
    finally:
        target.write_bytes(_ORIGINAL)
    text = raw.decode("utf-8", "replace").replace("\r\n", "\n").replace("\r", "\n")
    last_line = text.count("\n") + 1
    for d in report.diagnostics:
        assert d.code in ALL_CODES, d.format_text()
        assert d.line >= 1 and d.column >= 1, d.format_text()
        if d.path == TARGET:
            assert d.line <= last_line, d.format_text()
        d.format_text(), d.format_github()


@BUDGET
@given(st.text(max_size=400))
def test_any_text_as_front_matter_never_raises(text: str) -> None:
    raw = f"---\n{text}\n---\nTekst\n".encode("utf-8", "surrogatepass")
    decoded, problems = decode_source("x.md", raw)
    if decoded is None:
        assert problems
        return
    split, found = split_source("x.md", decoded)
    if split is not None:
        for soort in SOORTEN.values():
            validate_front("x.md", split.front, soort.model)
    for d in problems + found:
        assert d.code in ALL_CODES


# --- the fast paths agree with the careful ones -------------------------------------------------
# Speed-ups for large sites (scripts/benchmark) left a careful path next to each fast one; these
# properties pin that both give the same answer wherever the fast one answers.

_YAML_PIECES = st.sampled_from([
    "a", "titel", "doelgroepen", "x y", ": ", ":", "- ", "-", "\n", "\n  ", "\n    ", " ", "[", "]",
    "{", "}", ", ", "&x ", "*x", "!!str ", "!", "&", "*", "'", '"', "#", "|", ">", "? ", "~", "null",
    "1.10", "NO", "\t", "é", "R&D", "a&b", "a*b", "wow!", "%YAML 1.1\n---\n", "---\n", "...\n", "\\",
])


@BUDGET
@given(st.lists(_YAML_PIECES, max_size=40).map("".join))
def test_fast_yaml_parser_agrees_with_the_event_builder(text: str) -> None:
    careful, problems = yamlparse._parse_events("x.md", text, 2)
    if yamlparse._may_hold_tricks(text):
        return
    trick_codes = {"yaml-tag", "yaml-anker", "yaml-alias"}
    assert not trick_codes & {d.code for d in problems}, "a trick got past the pre-check"
    fast = yamlparse._parse_fast(text, 2)
    if fast is None:
        return
    assert problems == [] and careful is not None
    assert fast.data == careful.data
    assert fast.values == careful.values
    assert fast.keys == careful.keys


_URL_PIECES = st.sampled_from([
    "http://", "https://", "HTTPS://", "ftp://", "", "www.", "example", ".", "nl", "localhost", ".local",
    "10.0.0.1", "a-b", "-", ":80", ":99999", "@", "user:pw@", "/", "?q=1", "#x", "xn--", "1", "com",
    ".lan", "[::1]", "é", "\\", "..", "%20", "onderzoek",
])


@BUDGET
@given(st.lists(_URL_PIECES, min_size=1, max_size=8).map("".join))
def test_fast_url_check_agrees_with_urlsplit(url: str) -> None:
    if not fieldtypes._SPACE.search(url):
        assert fieldtypes.url_problem(url) == fieldtypes._url_problem_parsed(url)


_FENCE_PIECES = st.sampled_from(["---", "...", "\n", " ", "\t", "a", "-", ".", "---x", "\n---\n", "\n----\n"])


@BUDGET
@given(st.lists(_FENCE_PIECES, max_size=14).map(lambda pieces: "---\n" + "".join(pieces)))
def test_closing_fence_is_the_first_fence_line(text: str) -> None:
    first_end = text.find("\n")
    expected = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.M).search(text, first_end + 1)
    found = frontmatter._closing_fence(text, first_end)
    assert (found and found.span()) == (expected and expected.span())
