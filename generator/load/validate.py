"""Documents -> typed models, or Dutch diagnostics that say what is wrong and how to fix it.

Per file: decode, split, parse, check and smooth the parsed values (:func:`prepare_front`),
and validate against the model of its kind. A file whose model
is invalid still keeps every field that is valid on its own (:attr:`Loaded.values`), so the
rules that need more than one file (references, dates, in :mod:`generator.load.rules`) run on it
in the same run.
"""

from __future__ import annotations

import functools
import json
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, TypeAdapter, ValidationError
from pydantic_core import ErrorDetails

from generator.diagnostics import Diagnostic, did_you_mean, error, shown
from generator.load.discover import SourceFile
from generator.load.frontmatter import (
    Parsed,
    Position,
    SourceText,
    Value,
    check_values,
    decode_source,
    field_name,
    parse_yaml,
    split_source,
)
from generator.model.fieldtypes import Trait, field_traits, is_list_field, url_findings
from generator.model.models import SOORTEN, GroupMeta, Organisation, PageMeta
from generator.model.scaffold import OPTIONAL_NOTE, REQUIRED_NOTE, text_value

_CUSTOM_CODES = frozenset({"ongeldige-datum", "ongeldig-id", "ongeldige-url", "ongeldige-waarde",
                           "ongeldig-bwb-id"})


@dataclass(frozen=True, slots=True)
class Loaded:
    """One source file after parsing and model validation; ``model`` is None when invalid.

    ``partial`` holds, for an invalid model, the fields that are valid on their own (converted,
    with defaults for absent optional fields); a field that failed is not in it.
    """

    source: SourceFile
    text: SourceText | None
    model: BaseModel | None
    partial: Mapping[str, object] = field(default_factory=dict)

    @property
    def values(self) -> Mapping[str, object]:
        """Every valid field value: the model's, or those in ``partial``."""
        return self.model.__dict__ if self.model is not None else self.partial


def model_for(source: SourceFile) -> type[BaseModel]:
    """The model that declares the front matter of ``source``."""
    if source.kind == "group":
        return GroupMeta
    if source.kind == "page":
        return PageMeta
    assert source.soort is not None
    return SOORTEN[source.soort].model


def read_source(root: Path, source: SourceFile) -> bytes:
    """The bytes of one source file."""
    with open(os.path.join(root, source.path), "rb") as handle:  # cheaper than Path for 5000 files
        return handle.read()


@dataclass(frozen=True, slots=True)
class Parsing:
    """One source file decoded, split and its front matter parsed: not yet validated."""

    source: SourceFile
    text: str | None
    split: SourceText | None
    problems: list[Diagnostic]
    split_failed: bool = False  # the front matter could not be split off or parsed


def parse_document(root: Path, source: SourceFile, raw: bytes | None = None) -> Parsing:
    """Read (unless ``raw`` holds its bytes), decode, split and parse one Markdown source file."""
    if raw is None:
        raw = read_source(root, source)
    text, problems = decode_source(source.path, raw)
    if text is None:
        return Parsing(source, None, None, problems, split_failed=True)
    split, found = split_source(source.path, text)
    return Parsing(source, text, split, problems + found, split is None or bool(found))


def load_document(root: Path, source: SourceFile,
                  raw: bytes | None = None) -> tuple[Loaded, list[Diagnostic]]:
    """Read (unless ``raw`` holds its bytes), parse and validate one Markdown source file."""
    return validate_document(parse_document(root, source, raw))


def validate_document(parsing: Parsing) -> tuple[Loaded, list[Diagnostic]]:
    """The second half of :func:`load_document`: smooth and validate the parsed front matter."""
    source, text, split, problems = parsing.source, parsing.text, parsing.split, list(parsing.problems)
    if text is None:
        return Loaded(source, None, None), problems
    if split is None or parsing.split_failed:
        return Loaded(source, split, None), problems
    model_type = model_for(source)
    lines = text.split("\n", split.body_line - 1)[:-1]  # the front matter's lines, not the body's
    front, found = prepare_front(source.path, split.front, text, lines, model_type)
    problems.extend(found)
    model, partial, found = validate_fields(source.path, front, model_type)
    problems.extend(found)
    values = model.__dict__ if model is not None else partial
    problems.extend(check_web_addresses(source.path, front, model_type, values))
    return Loaded(source, split, model, partial), problems


def validate_front(path: str, front: Parsed,
                   model: type[BaseModel]) -> tuple[BaseModel | None, list[Diagnostic]]:
    """Validate parsed front matter against ``model``; every problem becomes a diagnostic."""
    valid, _, problems = validate_fields(path, front, model)
    return valid, problems


def validate_fields(path: str, front: Parsed, model: type[BaseModel],
                    ) -> tuple[BaseModel | None, dict[str, object], list[Diagnostic]]:
    """Like :func:`validate_front`, plus, for an invalid model, the fields valid on their own.

    Those let the cross-file rules run on a file with an impossible date too, so a
    contributor sees an unknown doelgroep in the same run (issue 12).
    """
    if not isinstance(front.data, dict):
        pos = front.position(())
        return None, {}, [error(path, pos.line, pos.column, "geen-velden",
                                "de front matter moet uit regels 'veld: waarde' bestaan",
                                "zie 'kennispunt nieuw' voor een voorbeeld")]
    try:
        return model.model_validate(front.data), {}, []
    except ValidationError as exc:
        errors = exc.errors()
    failed = {str(e["loc"][0]) for e in errors if e["loc"]}
    return None, _valid_fields(front.data, model, failed), \
        [diagnostic_from_error(path, front, model, e) for e in errors]


def _valid_fields(data: dict[str, Value], model: type[BaseModel], failed: set[str]) -> dict[str, object]:
    values: dict[str, object] = {}
    for name, info in model.model_fields.items():
        if name in failed:
            continue
        if name not in data:
            if not info.is_required():
                values[name] = info.get_default(call_default_factory=True)
            continue
        try:
            values[name] = _field_adapter(model, name).validate_python(data[name])
        except ValidationError:
            continue  # not reported here: the model's validation did
    return values


@functools.cache
def _field_adapter(model: type[BaseModel], name: str) -> TypeAdapter[Any]:
    info = model.model_fields[name]
    return TypeAdapter(Annotated[info.annotation, info])  # type: ignore[arg-type]


@functools.cache
def fields_with(model: type[BaseModel], trait: Trait) -> frozenset[str]:
    """The names of the fields of ``model`` declared with ``trait``."""
    return frozenset(name for name, info in model.model_fields.items()
                     if trait in field_traits(info))


@functools.cache
def _list_fields(model: type[BaseModel]) -> frozenset[str]:
    return frozenset(name for name, info in model.model_fields.items() if is_list_field(info))


def check_web_addresses(path: str, front: Parsed, model: type[BaseModel],
                        values: Mapping[str, object]) -> list[Diagnostic]:
    """:func:`generator.model.fieldtypes.url_findings` for every valid web address in ``values``."""
    found: list[Diagnostic] = []
    for name in sorted(fields_with(model, Trait.WEB_ADDRESS)):
        value = values.get(name)
        if not isinstance(value, str):
            continue
        for severity, code, message, hint in url_findings(value):
            pos = front.position((name,))
            found.append(Diagnostic(path, pos.line, pos.column, severity, code,
                                    f"veld '{name}': {message}", hint))
    return found


# --- kind input: what is unambiguous is smoothed in memory, the rest explained precisely ----

# Typographic quotes around a whole value: the opening one and the closing ones it may have.
_CURLY_QUOTES = {"\u201c": "\u201d", "\u2018": "\u2019", "\u201e": "\u201d\u201c",
                 "\u201a": "\u2019\u2018", "\u201d": "\u201d", "\u00ab": "\u00bb"}
_YAML_QUOTES = ("'", '"')


def prepare_front(path: str, front: Parsed, text: str, lines: list[str],
                  model: type[BaseModel]) -> tuple[Parsed, list[Diagnostic]]:
    """Check parsed values for hidden characters, and smooth what a contributor meant.

    In memory only: typographic quotes around a whole plain value are taken off, and a
    list written without brackets becomes a list (with an error that shows the right line).
    A '#' that YAML took for the start of a comment in a text field is an error.
    ``lines`` are the file's lines from the first (the front matter at least).
    """
    if not isinstance(front.data, dict):
        return front, []
    problems = check_values(path, front, text, fields_with(model, Trait.MULTILINE))
    # Positions cost more than parsing (see Parsed), so look for a comment only where one may be.
    hashes = any(" #" in line for line in lines)
    data: dict[str, Value] = {}
    for key, value in front.data.items():
        data[key] = smooth = _unquoted(front, lines, (key,), value)
        if key in _list_fields(model) and isinstance(smooth, str):
            data[key] = _list_without_brackets(path, front, lines, key, smooth, problems)
        elif hashes and key in fields_with(model, Trait.TEXT) and isinstance(value, str):
            problems.extend(_comment_in_text(path, front, lines, key, value))
    if data == front.data:
        return front, problems
    return Parsed(data, front.values, front.keys), problems


def _raw_at(front: Parsed, lines: list[str], where: tuple[str | int, ...]) -> str:
    """The file's text from the start of the value at ``where`` to the end of its line."""
    pos = front.position(where)
    return lines[pos.line - 1][pos.column - 1:] if pos.line <= len(lines) else ""


def _unquoted(front: Parsed, lines: list[str], where: tuple[str | int, ...], value: Value) -> Value:
    if isinstance(value, list):
        return [_unquoted(front, lines, (*where, i), item) for i, item in enumerate(value)]
    if not isinstance(value, str) or len(value) < 2 or value[0] not in _CURLY_QUOTES:
        return value
    closing = _CURLY_QUOTES[value[0]]
    inner = value[1:-1]
    if value[-1] not in closing or any(q in inner for q in (value[0], *closing)):
        return value  # '“Wonen” en “zorg”' is two quotations, not one quoted value
    # Only a plain scalar: between YAML's own quotes the contributor chose these quotes.
    return inner.strip() if _raw_at(front, lines, where)[:1] == value[0] else value


def _list_without_brackets(path: str, front: Parsed, lines: list[str], key: str, value: str,
                           problems: list[Diagnostic]) -> Value:
    if "," not in value or _raw_at(front, lines, (key,))[:1] in _YAML_QUOTES:
        return value
    items = [item.strip() for item in value.split(",") if item.strip()]
    pos = front.position((key,))
    problems.append(error(path, pos.line, pos.column, "lijst-zonder-haken",
                          f"veld '{key}': '{shown(value)}' is één waarde; een lijst staat "
                          "tussen blokhaken", f"schrijf: {key}: [{', '.join(map(text_value, items))}]"))
    return list[Value](items)


def _comment_in_text(path: str, front: Parsed, lines: list[str], key: str,
                     value: str) -> list[Diagnostic]:
    raw = _raw_at(front, lines, (key,))
    cut = raw.find(" #")
    if cut < 0 or raw[:1] in (*_YAML_QUOTES, "|", ">") or raw[:cut].strip() != value:
        return []
    comment = raw[cut:].strip()
    if comment.startswith((REQUIRED_NOTE, OPTIONAL_NOTE)):
        return []  # the explanation 'kennispunt nieuw' writes after every field
    pos = front.position((key,))
    full = raw.rstrip()
    return [error(path, pos.line, pos.column + cut + 1, "commentaar-in-tekst",
                  f"veld '{key}': YAML leest alles vanaf ' #' als commentaar, dus de waarde is "
                  f"nu '{shown(value)}'", "zet de tekst tussen aanhalingstekens: "
                  f"{key}: {json.dumps(full, ensure_ascii=False)}")]


def load_organisations(root: Path,
                       source: SourceFile) -> tuple[list[tuple[Organisation, Position]], list[Diagnostic]]:
    """Read ``content/organisaties.yml``: a list of organisations."""
    text, problems = decode_source(source.path, (root / source.path).read_bytes())
    if text is None:
        return [], problems
    front, found = parse_yaml(source.path, text)
    problems.extend(found)
    if front is None or found:
        return [], problems
    if not isinstance(front.data, list):
        return [], [*problems, error(source.path, 1, 1, "geen-lijst", "het register moet een lijst "
                                     "van organisaties zijn", "begin elke organisatie met '- id:'")]
    lines = text.split("\n")
    result: list[tuple[Organisation, Position]] = []
    for index in range(len(front.data)):
        sub, found = prepare_front(source.path, _sub_parsed(front, index), text, lines, Organisation)
        model, found_now = validate_front(source.path, sub, Organisation)
        problems.extend([*found, *found_now])
        if isinstance(model, Organisation):
            result.append((model, sub.position(("id",))))
            problems.extend(check_web_addresses(source.path, sub, Organisation, model.__dict__))
    return result, problems


def _sub_parsed(front: Parsed, index: int) -> Parsed:
    assert isinstance(front.data, list)
    cut = len((index,))
    values = {k[cut:]: v for k, v in front.values.items() if k[:1] == (index,)}
    keys = {k[cut:]: v for k, v in front.keys.items() if k[:1] == (index,)}
    return Parsed(front.data[index], values, keys)


def diagnostic_from_error(path: str, front: Parsed, model: type[BaseModel], err: ErrorDetails) -> Diagnostic:
    """Translate one pydantic error into a Dutch diagnostic at the right line and column."""
    loc = tuple(part for part in err["loc"] if isinstance(part, (str, int)))
    field = str(loc[0]) if loc else ""
    kind = err["type"]
    value = err.get("input")
    ctx: dict[str, Any] = dict(err.get("ctx") or {})
    description = _description(model, field)
    if kind == "missing":
        pos = front.position(())
        return error(path, pos.line, pos.column, "verplicht-veld",
                     f"verplicht veld '{field}' ontbreekt", description)
    if kind == "extra_forbidden":
        pos = front.keys.get(loc) or front.position(loc)
        return error(path, pos.line, pos.column, "onbekend-veld", f"onbekend veld '{field}'",
                     did_you_mean(field, list(model.model_fields)) or
                     "toegestane velden: " + ", ".join(model.model_fields))
    pos = front.position(loc)
    code, message, hint = _explain(kind, value, ctx, err["msg"], description)
    return error(path, pos.line, pos.column, code, f"veld '{_dotted(loc)}': {message}", hint)


def _explain(kind: str, value: Any, ctx: dict[str, Any], msg: str, description: str) -> tuple[str, str, str]:
    if kind in _CUSTOM_CODES:
        return kind, msg, ""
    # A length constraint on an annotated str is reported as too_short/too_long, not string_*.
    if kind in ("string_too_short", "too_short") and isinstance(value, str):
        return "te-kort", f"de tekst is {len(value)} tekens; minimaal {ctx['min_length']}", description
    if kind in ("string_too_long", "too_long") and isinstance(value, str):
        return "te-lang", f"de tekst is {len(value)} tekens; hoogstens {ctx['max_length']}", \
            "maak de tekst korter"
    if kind == "too_short":
        return "te-kort", f"vul minstens {ctx['min_length']} waarde in", description
    if kind == "literal_error":
        options = [o.strip(" '") for o in str(ctx.get("expected", "")).replace(" or ", ",").split(",")]
        options = [o for o in options if o]
        return "ongeldige-waarde", f"'{shown(value)}' is geen toegestane waarde", \
            did_you_mean(str(value), options) or "kies uit: " + ", ".join(options)
    if value is None:
        return "leeg-veld", "het veld is leeg", description
    if kind in ("string_type", "list_type", "bool_type", "int_type", "date_type"):
        found = "een lijst" if isinstance(value, list) \
            else "een groep velden" if isinstance(value, dict) else f"'{shown(value)}'"
        wanted = "een lijst" if kind == "list_type" else "één waarde"
        return "verkeerd-type", f"verwacht {wanted}, gevonden {found}", description
    if kind in ("greater_than_equal", "less_than_equal"):
        return "ongeldige-waarde", f"'{shown(value)}' valt buiten het toegestane bereik", description
    return "ongeldige-waarde", msg, description


def _description(model: type[BaseModel], field: str) -> str:
    info = model.model_fields.get(field)
    return info.description or "" if info else ""


def _dotted(loc: tuple[str | int, ...]) -> str:
    return field_name(loc)
