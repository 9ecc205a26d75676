"""``kennispunt nieuw``: a new resource file that already passes ``kennispunt check``.

Every field of the soort is written, with its Dutch explanation from the model as a comment,
so a contributor fills in blanks instead of remembering keys.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from generator.load.discover import CONTENT, RESERVED_IDS, suggest_id
from generator.model.fieldtypes import Trait, field_traits
from generator.model.models import SOORTEN

_GENERIC_BODY = """
## Waar gaat het over?

Schrijf hier in gewone taal waar de bron over gaat.

## Wat betekent dit voor gemeenten?

Schrijf hier wat een beleidsadviseur ermee kan doen.
"""
_STEPS_BODY = """
Schrijf hier in een paar zinnen waar het stappenplan bij helpt.

## Eerste stap

Beschrijf de eerste stap en waar die op gebaseerd is.

## Tweede stap

Beschrijf de volgende stap. Elke stap begint met een kop '## '.
"""


# The comment after every field says whether it is required; a contributor may leave it.
REQUIRED_NOTE, OPTIONAL_NOTE = "# verplicht", "# optioneel"
# The sentences of the scaffold's bodies that ask to be replaced (headings may stay).
TEMPLATE_SENTENCES = frozenset(
    line for body in (_GENERIC_BODY, _STEPS_BODY) for line in body.splitlines()
    if line and not line.startswith("#")
)


@lru_cache(maxsize=32)
def placeholder_texts(model: type[BaseModel]) -> dict[str, str]:
    """Field -> the example text the scaffold writes in it, for the text fields of ``model``.

    Left unchanged in a file, it is template text ('Vat hier in een of twee zinnen samen …').
    """
    return {name: info.examples[0] for name, info in model.model_fields.items()
            if Trait.TEXT in field_traits(info) and info.examples
            and isinstance(info.examples[0], str)}


class ScaffoldError(ValueError):
    """The scaffold cannot be written (unknown soort, file exists, no usable id)."""


@dataclass(frozen=True, slots=True)
class Scaffold:
    path: Path
    text: str


def build_scaffold(root: Path, soort: str, titel: str, today: date,
                   doelgroepen: list[str], organisaties: list[str]) -> Scaffold:
    """The file to write for a new resource; refuses to overwrite anything."""
    if soort not in SOORTEN:
        raise ScaffoldError(f"'{soort}' is geen soort; kies uit: " + ", ".join(SOORTEN))
    new_id = suggest_id(titel)
    if new_id in RESERVED_IDS:
        raise ScaffoldError(f"het id '{new_id}' is gereserveerd; kies een andere titel")
    existing = sorted((root / CONTENT).glob(f"*/{new_id}.md"))
    if existing:
        raise ScaffoldError(f"er bestaat al een bestand met id '{new_id}': "
                            f"{existing[0].relative_to(root).as_posix()}")
    values = _values(soort, titel, today, doelgroepen, organisaties)
    lines = ["---"]
    for name, info in SOORTEN[soort].model.model_fields.items():
        lines.append(_line(name, info, values.get(name, _example(info))))
    lines.append("---")
    body = _STEPS_BODY if soort == "stappenplannen" else _GENERIC_BODY
    return Scaffold(root / CONTENT / soort / f"{new_id}.md", "\n".join(lines) + "\n" + body)


def write_scaffold(scaffold: Scaffold) -> None:
    """Write the file; ``x`` mode so a file that appeared meanwhile is never overwritten."""
    scaffold.path.parent.mkdir(parents=True, exist_ok=True)
    with scaffold.path.open("x", encoding="utf-8", newline="\n") as handle:
        handle.write(scaffold.text)


def _values(soort: str, titel: str, today: date, doelgroepen: list[str],
            organisaties: list[str]) -> dict[str, object]:
    values: dict[str, object] = {
        "titel": titel, "doelgroepen": doelgroepen, "organisatie": organisaties,
        "datum": today.isoformat(), "gecontroleerd": today.isoformat(),
    }
    if soort == "agenda":
        day = today + timedelta(days=30)
        values["start"] = f"{day.isoformat()}T10:00"
        values["einde"] = f"{day.isoformat()}T12:00"
    return values


def _example(info: FieldInfo) -> object:
    # An optional web address stays empty: a placeholder address would look like a real source.
    if not info.is_required() and info.examples and str(info.examples[0]).startswith("http"):
        return None
    example = info.examples[0] if info.examples else None
    # An empty yes/no field is an error ("leeg-veld"), so write its default instead.
    if example is None and isinstance(info.default, bool):
        return "true" if info.default else "false"
    return example


def _line(name: str, info: FieldInfo, value: object) -> str:
    need = REQUIRED_NOTE if info.is_required() else OPTIONAL_NOTE
    comment = f"  {need}: {info.description}" if info.description else f"  {need}"
    return f"{name}: {yaml_value(value)}".rstrip() + comment


def yaml_value(value: object) -> str:
    """A value as the scaffold writes it: plain where that is safe, else double-quoted;
    a list in brackets."""
    if value is None:
        return ""
    if isinstance(value, list):
        return "[" + ", ".join(yaml_value(v) for v in value) + "]"
    text = str(value)
    # Double-quoted YAML accepts JSON string escapes, so json.dumps quotes safely.
    return json.dumps(text, ensure_ascii=False) if _needs_quotes(text) else text


def _needs_quotes(text: str) -> bool:
    return not text.replace("-", "").replace(":", "").replace("T", "").isalnum() or text[0] in "-:"


def text_value(text: str) -> str:
    """Free text as one YAML value: plain when YAML reads it back unchanged, else quoted."""
    plain = text.replace(" ", "").replace("-", "").replace(",", "").replace(".", "")
    return text if plain.isalnum() and text[0].isalnum() else json.dumps(text, ensure_ascii=False)
