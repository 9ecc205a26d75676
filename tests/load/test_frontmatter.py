"""Splitting and hardened parsing of front matter: positions, limits on both sides, text scalars."""

from __future__ import annotations

import pytest

from generator.load.frontmatter import (
    _INVISIBLE,
    _SUSPECT_BYTES,
    MAX_DEPTH,
    MAX_FILE_BYTES,
    MAX_FRONTMATTER_BYTES,
    MAX_LINE_CHARS,
    Position,
    check_characters,
    decode_source,
    parse_yaml,
    split_source,
)

P = "content/handreikingen/x.md"


def codes(problems: list) -> list[str]:  # type: ignore[type-arg]
    return [d.code for d in problems]


def parse_ok(text: str):  # type: ignore[no-untyped-def]
    parsed, problems = parse_yaml(P, text)
    assert problems == []
    assert parsed is not None
    return parsed


# --- positions -------------------------------------------------------------------------------

def test_positions_of_keys_values_and_list_items() -> None:
    parsed = parse_ok(
        "titel: Een titel\n"
        "doelgroepen:\n"
        "  - statushouders\n"
        "  - ouderen\n"
        "organisatie: [bzk,  vng]\n"
    )
    assert parsed.keys[("titel",)] == Position(1, 1)
    assert parsed.values[("titel",)] == Position(1, 8)
    assert parsed.keys[("doelgroepen",)] == Position(2, 1)
    assert parsed.values[("doelgroepen", 0)] == Position(3, 5)
    assert parsed.values[("doelgroepen", 1)] == Position(4, 5)
    assert parsed.values[("organisatie", 0)] == Position(5, 15)
    assert parsed.values[("organisatie", 1)] == Position(5, 21)


def test_position_falls_back_to_the_nearest_parent() -> None:
    parsed = parse_ok("a: [x]\nb: y\n")
    assert parsed.position(("a", 5)) == parsed.values[("a",)]
    assert parsed.position(("onbekend",)) == Position(1, 1)
    assert parsed.position(()) == Position(1, 1)


def test_first_line_offsets_positions() -> None:
    parsed, _ = parse_yaml(P, "a: b\n", first_line=2)
    assert parsed is not None
    assert parsed.values[("a",)] == Position(2, 4)


def test_split_source_gives_body_and_body_line() -> None:
    text = "---\ntitel: Een titel\n---\n\n# Kop\n"
    split, problems = split_source(P, text)
    assert problems == [] and split is not None
    assert split.front.values[("titel",)] == Position(2, 8)
    assert split.body == "\n# Kop\n"
    assert split.body_line == 4


def test_dots_close_front_matter_too() -> None:
    split, problems = split_source(P, "---\na: b\n...\nTekst\n")
    assert problems == [] and split is not None
    assert split.body == "Tekst\n"


def test_bom_and_crlf_keep_lines_and_columns() -> None:
    raw = "\ufeff---\r\ntitel: Een titel\r\nlijst:\r\n  - een\r\n  - twee\r\n---\r\nTekst\r\n".encode()
    text, problems = decode_source(P, raw)
    assert problems == [] and text is not None
    assert "\r" not in text and not text.startswith("\ufeff")
    split, problems = split_source(P, text)
    assert problems == [] and split is not None
    assert split.front.values[("titel",)] == Position(2, 8)
    assert split.front.values[("lijst", 1)] == Position(5, 5)
    assert split.body_line == 7


def test_old_mac_line_ends_become_lines() -> None:
    text, _ = decode_source(P, b"---\ra: b\r---\r")
    assert text == "---\na: b\n---\n"


# --- scalars stay text ------------------------------------------------------------------------

@pytest.mark.parametrize("raw, value", [
    ("NO", "NO"), ("no", "no"), ("yes", "yes"), ("on", "on"), ("off", "off"), ("true", "true"),
    ("1.10", "1.10"), ("0755", "0755"), ("1:20", "1:20"), ("0x1F", "0x1F"), ("1e3", "1e3"),
    (".inf", ".inf"), ("2024-01-01", "2024-01-01"), ("2024-01-01 10:00:00", "2024-01-01 10:00:00"),
    ("'~'", "~"), ('"null"', "null"), ("''", ""), ('"NO"', "NO"), ("=", "="),
    ("~", None), ("null", None), ("Null", None), ("NULL", None), ("", None),
])
def test_scalars_keep_the_text_that_was_typed(raw: str, value: str | None) -> None:
    assert parse_ok(f"a: {raw}\n").data == {"a": value}
    assert parse_ok(f"a: [{raw or '~'}]\n").data == {"a": [value if raw else None]}


def test_block_scalars_are_text() -> None:
    assert parse_ok("a: |\n  een\n  twee\nb: >\n  drie\n  vier\n").data == {
        "a": "een\ntwee\n", "b": "drie vier\n"}


# --- tricks are refused -----------------------------------------------------------------------

@pytest.mark.parametrize("text, code, line, column", [
    ("a: !!str tekst\n", "yaml-tag", 1, 4),
    ("a: !!python/object/apply:os.system [ls]\n", "yaml-tag", 1, 4),
    ("a: !eigen x\n", "yaml-tag", 1, 4),
    ("a: &anker x\n", "yaml-anker", 1, 4),
    ("a: x\nb: &anker [1]\n", "yaml-anker", 2, 4),
    ("a: x\nb:\n  - y\n  - z\na: w\n", "dubbele-sleutel", 5, 1),
    ("a: {b: 1, b: 2}\n", "dubbele-sleutel", 1, 11),
    ("a: x\n---\nb: y\n", "yaml-fout", 2, 1),
    ("? [a]\n: b\n", "yaml-fout", 1, 3),
])
def test_tricks_are_errors_at_their_place(text: str, code: str, line: int, column: int) -> None:
    _, problems = parse_yaml(P, text)
    assert [(d.code, d.line, d.column) for d in problems][:1] == [(code, line, column)]


def test_alias_is_refused_and_never_expanded() -> None:
    parsed, problems = parse_yaml(P, "a: &x [1, 2]\nb: *x\n")
    assert codes(problems) == ["yaml-anker", "yaml-alias"]
    assert problems[1].line == 2
    assert parsed is not None and parsed.data == {"a": ["1", "2"], "b": None}


def test_billion_laughs_stays_small() -> None:
    text = "a: &a [x, x]\nb: &b [*a, *a]\nc: &c [*b, *b]\nd: [*c, *c]\n"
    parsed, problems = parse_yaml(P, text)
    assert "yaml-alias" in codes(problems)
    assert parsed is not None and parsed.data["d"] == [None, None]  # type: ignore[index]


def test_duplicate_key_names_the_first_line() -> None:
    _, problems = parse_yaml(P, "titel: a\nb: c\ntitel: d\n")
    assert problems[0].code == "dubbele-sleutel" and "regel 1" in problems[0].message


@pytest.mark.parametrize("text", [
    "a: b: c\n", "a:\n\t- b\n", 'a: "b\nc: d\n', "a: [b, c\nd: e\n", "a: {b: c\nd: e\n",
    "a:\n  - b\n - c\n", "a: @b\n", 'a: "\\q"\n', "- a\nb: c\n", "a: - b\n", "a: &\n",
    "[a, b]]\n", "a: !e!x b\n",
])
def test_yaml_errors_are_explained_in_dutch(text: str) -> None:
    parsed, problems = parse_yaml(P, text)
    assert parsed is None
    [problem] = problems
    assert problem.code == "yaml-fout"
    english = ("found", "expected", "allowed", "could not", "while")
    assert not any(word in problem.message for word in english), problem.message
    assert problem.hint


def test_empty_front_matter() -> None:
    assert codes(parse_yaml(P, "")[1]) == ["frontmatter-leeg"]
    assert codes(parse_yaml(P, "# alleen commentaar\n")[1]) == ["frontmatter-leeg"]


@pytest.mark.parametrize("text, code", [
    ("titel: x\n", "frontmatter-ontbreekt"),
    ("...\na: b\n...\n", "frontmatter-ontbreekt"),
    ("---\ntitel: x\n", "frontmatter-niet-afgesloten"),
    ("", "frontmatter-ontbreekt"),
])
def test_front_matter_fences(text: str, code: str) -> None:
    split, problems = split_source(P, text)
    assert split is None and codes(problems) == [code]


# --- limits on both sides ---------------------------------------------------------------------

def _file_of(size: int) -> bytes:
    head = b"---\ntitel: x\n---\n"
    line = b"x" * 99 + b"\n"
    body = line * ((size - len(head)) // len(line))
    raw = head + body
    return raw + b"y" * (size - len(raw))


def test_file_size_limit() -> None:
    at, over = _file_of(MAX_FILE_BYTES), _file_of(MAX_FILE_BYTES + 1)
    assert len(at) == MAX_FILE_BYTES and len(over) == MAX_FILE_BYTES + 1
    assert decode_source(P, at)[1] == []
    text, problems = decode_source(P, over)
    assert text is None and codes(problems) == ["te-groot"]


def _front_of(size: int) -> str:
    lines = [f"k{i:04d}: " + "w" * 60 for i in range(size // 68 + 1)]
    yaml_text = "\n".join(lines)
    while len(yaml_text) > size:
        lines.pop()
        yaml_text = "\n".join(lines)
    yaml_text += "\nz: " + "v" * (size - len(yaml_text) - 4)
    assert len(yaml_text.encode()) == size
    return yaml_text


def test_front_matter_size_limit() -> None:
    at = "---\n" + _front_of(MAX_FRONTMATTER_BYTES) + "\n---\n"
    over = "---\n" + _front_of(MAX_FRONTMATTER_BYTES + 1) + "\n---\n"
    assert split_source(P, at)[1] == []
    split, problems = split_source(P, over)
    assert split is None and codes(problems) == ["frontmatter-te-groot"]
    assert (problems[0].line, problems[0].column) == (2, 1)


def test_front_matter_size_counts_bytes_not_characters() -> None:
    text = "a: " + "é" * (MAX_FRONTMATTER_BYTES // 2)
    assert codes(split_source(P, "---\n" + text + "\n---\n")[1]) == ["frontmatter-te-groot"]


def _nested(depth: int) -> str:
    """A mapping (depth 1) holding lists nested to ``depth`` containers in total."""
    return "a: " + "[" * (depth - 1) + "x" + "]" * (depth - 1) + "\n"


def test_nesting_depth_limit() -> None:
    assert parse_yaml(P, _nested(MAX_DEPTH))[1] == []
    _, problems = parse_yaml(P, _nested(MAX_DEPTH + 1))
    assert codes(problems) == ["te-diep"]
    assert (problems[0].line, problems[0].column) == (1, 3 + MAX_DEPTH)


def test_deep_nesting_reported_once() -> None:
    _, problems = parse_yaml(P, _nested(200))
    assert codes(problems) == ["te-diep"]


def test_line_length_limit() -> None:
    at = "a\n" + "x" * MAX_LINE_CHARS + "\n"
    over = "a\n" + "x" * (MAX_LINE_CHARS + 1) + "\n"
    assert check_characters(P, at) == []
    [problem] = check_characters(P, over)
    assert (problem.code, problem.line, problem.column) == ("regel-te-lang", 2, MAX_LINE_CHARS + 1)


# --- characters and encodings -----------------------------------------------------------------

@pytest.mark.parametrize("char", [
    "\u200b", "\u200d", "\u202e", "\u2066", "\u2069", "\ufeff", "\x00", "\x07", "\x1b", "\x7f",
    "\x85", "\u2028", "\u2029", "\u2060", "\ufdd0", "\ufffe", "\uffff",
])
def test_invisible_characters_are_found_where_they_are(char: str) -> None:
    [problem] = check_characters(P, f"---\ntitel: ab{char}cd\n")
    assert (problem.code, problem.line, problem.column) == ("onzichtbaar-teken", 2, 10)
    assert f"U+{ord(char):04X}" in problem.message


@pytest.mark.parametrize("text", ["tab\there", "é ü ĳ Fryslân", "emoji 🏠", "‘quotes’ – dash", "\u00ad"])
def test_ordinary_characters_pass(text: str) -> None:
    assert check_characters(P, text) == []


def test_not_utf8_reports_line_and_column() -> None:
    text, problems = decode_source(P, "---\nééé\n".encode() + b"ab\xe9cd\n")
    assert text is None
    [problem] = problems
    assert (problem.code, problem.line, problem.column) == ("geen-utf8", 3, 3)


def test_not_utf8_after_a_bom_counts_from_the_file_start() -> None:
    raw = b"\xef\xbb\xbf---\nab\n\xff\n"
    [problem] = decode_source(P, raw)[1]
    assert (problem.line, problem.column) == (3, 1)


def test_utf16_is_not_utf8() -> None:
    assert codes(decode_source(P, "---\na: b\n".encode("utf-16"))[1]) == ["geen-utf8"]


def test_every_invisible_character_starts_with_a_suspect_byte() -> None:
    # decode_source skips the character search when the raw bytes hold none of these
    everything = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF)
    found = {m.group() for m in _INVISIBLE.finditer(everything)}
    assert len(found) > 60
    assert all(char.encode()[0] in _SUSPECT_BYTES for char in found)


def test_invisible_characters_found_in_raw_files() -> None:
    for char in ("\u202e", "\x85", "\u200b", "\x01"):
        _, problems = decode_source(P, f"---\ntitel: a{char}b\n---\n".encode())
        assert codes(problems) == ["onzichtbaar-teken"]
    _, problems = decode_source(P, "---\ntitel: één – “dit” © 3°\n---\n".encode())
    assert problems == []


def test_long_lines_anywhere_are_found() -> None:
    text = "kort\n" * 3 + "x" * (MAX_LINE_CHARS + 1) + "\nkort\n" + "y" * (MAX_LINE_CHARS + 7)
    assert [(d.line, d.code) for d in check_characters(P, text)] == [
        (4, "regel-te-lang"), (6, "regel-te-lang")]
    assert check_characters(P, ("x" * MAX_LINE_CHARS + "\n") * 5) == []


def test_fast_and_careful_parsers_give_the_same_positions() -> None:
    text = "titel: Een titel\nlijst:\n  - een\n  - [twee, drie]\nkaart: {a: b}\n"
    fast, problems = parse_yaml(P, text, first_line=2)
    careful, _ = parse_yaml(P, text + "x: R & D &anker\n", first_line=2)  # the anchor forces care
    assert problems == [] and fast is not None and careful is not None
    assert fast.values == {k: v for k, v in careful.values.items() if k != ("x",)}
    assert fast.keys == {k: v for k, v in careful.keys.items() if k != ("x",)}
    assert fast.position(("lijst", 1, 0)) == Position(5, 6)


def test_empty_documents_are_empty_either_way() -> None:
    for text in ("~\n", "null\n", "%YAML 1.1\n---\n", "''\n"):
        parsed, problems = parse_yaml(P, text)
        if text == "''\n":
            assert parsed is not None and parsed.data == ""
        else:
            assert codes(problems) == ["frontmatter-leeg"], text


def test_nesting_beyond_what_libyaml_accepts() -> None:
    _, problems = parse_yaml(P, "a: " + "[" * 2000 + "]" * 2000 + "\n")
    assert codes(problems)[-1] == "yaml-fout"
    assert "te diep genest" in problems[-1].message
