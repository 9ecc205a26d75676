"""The contributors' field reference, written from the model declarations.

The page is generated into ``content/paginas/veldenreferentie.md`` and a test checks that the
committed file is current, so the documentation cannot drift from the validator.
"""

from __future__ import annotations

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from generator.model.models import PROVINCIES, SOORTEN, GroupMeta, ResourceMeta

REFERENCE_PATH = "content/paginas/veldenreferentie.md"
_HEADER = """---
titel: Veldenreferentie
samenvatting: "Alle velden die u bovenaan een bestand invult, per soort bron, met uitleg."
volgorde: 7
---

<!-- Deze pagina wordt gemaakt met 'kennispunt referentie'. Pas haar niet met de hand aan. -->

Bovenaan elk bestand staan velden tussen twee regels `---`. Op deze pagina ziet u welke velden
er zijn. Een verplicht veld moet u invullen. `kennispunt check` meldt het als er iets niet klopt.

Data schrijft u als JJJJ-MM-DD, bijvoorbeeld `2026-03-01`. Een lijst schrijft u als
`[eerste, tweede]`. Tekst met een dubbele punt zet u tussen aanhalingstekens.
"""


def render_reference() -> str:
    """The whole reference page as Markdown."""
    parts = [_HEADER, "## Velden van elke bron\n", _table(ResourceMeta, ResourceMeta.model_fields)]
    for soort in SOORTEN.values():
        extra = {k: v for k, v in soort.model.model_fields.items()
                 if k not in ResourceMeta.model_fields}
        parts.append(f"## {soort.label}\n\nMap: `content/{soort.folder}/`. {soort.intro}\n")
        if soort.folder == "stappenplannen":
            parts.append("Elke stap begint met een kop van niveau 2 (`## `). "
                         "Een stappenplan heeft minstens twee stappen.\n")
        parts.append(_table(soort.model, extra) if extra else "Geen extra velden.\n")
    parts.append("## Doelgroepen\n\nMap: `groups/`. De bestandsnaam is het id van de doelgroep.\n")
    parts.append(_table(GroupMeta, GroupMeta.model_fields))
    parts.append("## Provincies\n\n" + ", ".join(PROVINCIES) + ".\n")
    return "\n".join(parts)


def _table(model: type[BaseModel], fields: dict[str, FieldInfo]) -> str:
    rows = ["| veld | verplicht | uitleg |", "| --- | --- | --- |"]
    for name, info in fields.items():
        required = "ja" if info.is_required() else "nee"
        rows.append(f"| `{name}` | {required} | {info.description or ''} |")
    return "\n".join(rows) + "\n"
