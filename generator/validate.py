"""Documents -> typed models, or Dutch diagnostics that say what is wrong and how to fix it.

Per file: decode, split, parse, and validate against the model of its kind. The rules that
need more than one file (references, unique titles) live in :mod:`generator.rules`.
"""

from __future__ import annotations

import difflib
import os
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from .diagnostics import Diagnostic, error
from .frontmatter import Parsed, Position, SourceText, decode_source, parse_yaml, split_source
from .models import SOORTEN, GroupMeta, Organisation, PageMeta
from .sources import SourceFile

MAX_SHOWN = 60
_CUSTOM_CODES = frozenset({"ongeldige-datum", "ongeldig-id", "ongeldige-url", "ongeldige-waarde",
                           "ongeldig-bwb-id"})


@dataclass(frozen=True, slots=True)
class Loaded:
    """One source file after parsing and model validation; ``model`` is None when invalid."""

    source: SourceFile
    text: SourceText | None
    model: BaseModel | None


def model_for(source: SourceFile) -> type[BaseModel]:
    """The model that declares the front matter of ``source``."""
    if source.kind == "group":
        return GroupMeta
    if source.kind == "page":
        return PageMeta
    assert source.soort is not None
    return SOORTEN[source.soort].model


def load_document(root: Path, source: SourceFile) -> tuple[Loaded, list[Diagnostic]]:
    """Read, parse and validate one Markdown source file."""
    with open(os.path.join(root, source.path), "rb") as handle:  # cheaper than Path for 5000 files
        raw = handle.read()
    text, problems = decode_source(source.path, raw)
    if text is None:
        return Loaded(source, None, None), problems
    split, found = split_source(source.path, text)
    problems.extend(found)
    if split is None or found:
        return Loaded(source, split, None), problems
    model, found = validate_front(source.path, split.front, model_for(source))
    return Loaded(source, split, model), problems + found


def validate_front(path: str, front: Parsed,
                   model: type[BaseModel]) -> tuple[BaseModel | None, list[Diagnostic]]:
    """Validate parsed front matter against ``model``; every problem becomes a diagnostic."""
    if not isinstance(front.data, dict):
        pos = front.position(())
        return None, [error(path, pos.line, pos.column, "geen-velden",
                            "de front matter moet uit regels 'veld: waarde' bestaan",
                            "zie 'kennispunt nieuw' voor een voorbeeld")]
    try:
        return model.model_validate(front.data), []
    except ValidationError as exc:
        return None, [diagnostic_from_error(path, front, model, e) for e in exc.errors()]


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
    result: list[tuple[Organisation, Position]] = []
    for index in range(len(front.data)):
        sub = _sub_parsed(front, index)
        model, found = validate_front(source.path, sub, Organisation)
        problems.extend(found)
        if isinstance(model, Organisation):
            result.append((model, sub.position(("id",))))
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
    head, *rest = loc or ("",)
    return str(head) + "".join(f"[{p + 1}]" if isinstance(p, int) else f".{p}" for p in rest)


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
