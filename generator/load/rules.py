"""Rules that look across files or into bodies: references, unique titles, dates, links, HTML.

Each rule is a function from loaded documents to diagnostics. Rules do not decide whether a
problem stops the build: that is the report's policy (``--strict``).
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from generator.diagnostics import Diagnostic, closest, did_you_mean, error, shown, warning
from generator.load.body import DEFAULT_SETUP, MarkdownSetup
from generator.load.bodyrules import check_bodies
from generator.load.frontmatter import Position
from generator.load.validate import Loaded
from generator.model.models import ALL_GROUPS, SOORTEN, Organisation, end_moment, start_moment
from generator.model.scaffold import TEMPLATE_SENTENCES, placeholder_texts

STALE_AFTER = timedelta(days=365)
FUTURE_LIMIT = timedelta(days=366)
EVENT_FUTURE_LIMIT = timedelta(days=3 * 366)


@dataclass(frozen=True, slots=True)
class Registry:
    """The ids that references may point at."""

    groups: frozenset[str]
    organisations: frozenset[str]
    resources: frozenset[str]
    files: frozenset[str]
    # False when content/organisaties.yml could not be read at all: then every organisation
    # would look unknown, and a hundred follow-up errors would hide the one that matters.
    organisations_known: bool = True
    markdown: MarkdownSetup = DEFAULT_SETUP  # the site's Markdown extensions (mkdocs.yml)


def check_rules(loaded: list[Loaded], registry: Registry, today: date) -> list[Diagnostic]:
    """Run every cross-file and body rule."""
    return [
        *check_references(loaded, registry),
        *check_unique_titles(loaded),
        *check_dates(loaded, today),
        *check_template_text(loaded),
        *check_pasted_tables(loaded),
        *check_bodies(loaded, registry.files, registry.markdown),
    ]


def _at(doc: Loaded, *path: str | int) -> Position:
    assert doc.text is not None
    return doc.text.front.position(path)


def _unknown(doc: Loaded, field: str, values: Iterable[str], known: frozenset[str],
             code: str, what: Callable[[str], str], extra: tuple[str, ...] = ()) -> Iterator[Diagnostic]:
    # Positions are looked up only for a problem: working them out costs more than the check.
    for index, value in enumerate(values):
        if value not in known and value not in extra:
            pos = _at(doc, field, index)
            yield error(doc.source.path, pos.line, pos.column, code,
                        f"veld '{field}': '{shown(value)}' bestaat niet",
                        _unknown_hint(code, value, sorted(known | set(extra)), what(value)))


def _unknown_hint(code: str, value: str, known: list[str], what: str) -> str:
    close = _did_you_mean_id(value, known)
    if code != "onbekende-organisatie":
        return close or what
    return f"{close} Anders: {what}" if close else what[:1].upper() + what[1:]


def _did_you_mean_id(value: str, known: list[str]) -> str:
    """'bedoelde u …?', unless only a shared first word makes the ids look alike:
    'gemeente-staphorst' is not a typo of 'gemeente-voorbeeldstad'."""
    close = closest(value, known)
    if close is None:
        return ""
    shared = posixpath.commonprefix([value, close])
    shared = shared[:shared.rfind("-") + 1]
    rest, close_rest = value[len(shared):], close[len(shared):]
    if shared and min(len(rest), len(close_rest)) >= 3 and closest(rest, [close_rest]) is None:
        return ""
    return did_you_mean(value, known)


def registry_entry(org_id: str) -> str:
    """A new entry for content/organisaties.yml, in the registry's own layout, on one line.

    The required fields of :class:`Organisation` with the id filled in and '<…>' where the
    contributor must fill in; the lines of the entry are separated by ' / '.
    """
    lines: list[str] = []
    for name, info in Organisation.model_fields.items():
        if info.is_required():
            value = org_id if name == "id" else _PLACEHOLDERS.get(name, "<invullen>")
            lines.append(f"{'- ' if not lines else '  '}{name}: {value}")
    return " / ".join(f"'{line}'" for line in lines)


_PLACEHOLDERS = {"naam": "<volledige naam invullen>", "url": "<webadres met https:// invullen>"}


def _org_hint(org_id: str) -> str:
    return ("voeg de organisatie toe onderaan content/organisaties.yml, met deze regels: "
            + registry_entry(org_id))


def _ids(doc: Loaded, field: str) -> list[str]:
    """The valid ids of a list field (none when the field failed validation)."""
    value = doc.values.get(field)
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def _text(doc: Loaded, field: str) -> str | None:
    value = doc.values.get(field)
    return value if isinstance(value, str) else None


def check_references(loaded: list[Loaded], registry: Registry) -> Iterator[Diagnostic]:
    """Groups, organisations and related resources named in front matter must exist.

    Runs on every field that is valid on its own, also in a file with other errors.
    """
    for doc in loaded:
        if doc.source.kind == "resource":
            yield from _resource_references(doc, registry)
        elif doc.source.kind == "group":
            yield from _unknown(doc, "verwant", _ids(doc, "verwant"), registry.groups,
                                "onbekende-doelgroep", _group_hint)


def _group_hint(_: str) -> str:
    return "kies een bestandsnaam uit groups/ of 'alle'"


def _resource_hint(_: str) -> str:
    return "gebruik de bestandsnaam van een bron"


def _resource_references(doc: Loaded, registry: Registry) -> Iterator[Diagnostic]:
    yield from _unknown(doc, "doelgroepen", _ids(doc, "doelgroepen"), registry.groups,
                        "onbekende-doelgroep", _group_hint, (ALL_GROUPS,))
    if registry.organisations_known:
        yield from _unknown(doc, "organisatie", _ids(doc, "organisatie"), registry.organisations,
                            "onbekende-organisatie", _org_hint)
    yield from _unknown(doc, "gerelateerd", _ids(doc, "gerelateerd"), registry.resources,
                        "onbekende-verwijzing", _resource_hint)
    loket = _text(doc, "loket")
    if loket is not None and registry.organisations_known and loket not in registry.organisations:
        pos = _at(doc, "loket")
        yield error(doc.source.path, pos.line, pos.column, "onbekende-organisatie",
                    f"veld 'loket': '{shown(loket)}' bestaat niet",
                    _unknown_hint("onbekende-organisatie", loket, sorted(registry.organisations),
                                  _org_hint(loket)))
    for index, value in enumerate(_ids(doc, "gerelateerd")):
        if value == doc.source.id:
            pos = _at(doc, "gerelateerd", index)
            yield error(doc.source.path, pos.line, pos.column, "zelfverwijzing",
                        "veld 'gerelateerd': een bron kan niet naar zichzelf verwijzen",
                        "haal dit id weg")
def check_unique_titles(loaded: list[Loaded]) -> Iterator[Diagnostic]:
    """Two resources with one title confuse readers and search."""
    seen: dict[str, str] = {}
    for doc in loaded:
        title = _text(doc, "titel") if doc.source.kind == "resource" else None
        if title is None:
            continue
        key = " ".join(title.casefold().split())
        if key in seen:
            pos = _at(doc, "titel")
            yield error(doc.source.path, pos.line, pos.column, "dubbele-titel",
                        f"veld 'titel': dezelfde titel staat al in {seen[key]}",
                        "maak de titel onderscheidend")
        else:
            seen[key] = doc.source.path


def _date(doc: Loaded, field: str) -> date | None:
    value = doc.values.get(field)
    return value if isinstance(value, date) else None


def check_dates(loaded: list[Loaded], today: date) -> Iterator[Diagnostic]:
    """Dates that cannot be right, events that end before they start, and overdue reviews.

    Runs on every date that is valid on its own, also in a file with other errors.
    """
    for doc in loaded:
        if doc.source.kind != "resource":
            continue
        path = doc.source.path
        datum = _date(doc, "datum")
        if datum is not None and datum > today + FUTURE_LIMIT:
            pos = _at(doc, "datum")
            yield error(path, pos.line, pos.column, "datum-onwaarschijnlijk",
                        f"veld 'datum': {datum.isoformat()} ligt meer dan een jaar in de "
                        "toekomst", "gebruik de datum van publicatie of inwerkingtreding")
        if "gecontroleerd" in doc.values:  # absent from the values when it failed validation
            yield from _review_date(doc, _date(doc, "gecontroleerd"), today)
        if doc.source.soort == "agenda":
            yield from _event_rules(doc, today)


def _review_date(doc: Loaded, checked: date | None, today: date) -> Iterator[Diagnostic]:
    path = doc.source.path
    if checked is None:
        pos = _at(doc)
        yield warning(path, pos.line, pos.column, "niet-gecontroleerd",
                      "veld 'gecontroleerd' ontbreekt", "vul de datum in waarop u de tekst "
                      "tegen de bron hebt nagekeken")
    elif checked > today:
        pos = _at(doc, "gecontroleerd")
        yield error(path, pos.line, pos.column, "datum-onwaarschijnlijk",
                    f"veld 'gecontroleerd': {checked.isoformat()} ligt in de toekomst",
                    "vul de datum in waarop u de tekst hebt nagekeken")
    elif today - checked > STALE_AFTER:
        pos = _at(doc, "gecontroleerd")
        yield warning(path, pos.line, pos.column, "verouderd",
                      f"veld 'gecontroleerd': de tekst is voor het laatst nagekeken op "
                      f"{checked.isoformat()}, meer dan 12 maanden geleden",
                      "kijk de tekst na tegen de bron en pas de datum aan")


def _event_rules(doc: Loaded, today: date) -> Iterator[Diagnostic]:
    path = doc.source.path
    start, end = _date(doc, "start"), _date(doc, "einde")  # a datetime is a date too
    if start is not None and end is not None and end_moment(end) < start_moment(start):
        pos = _at(doc, "einde")
        yield error(path, pos.line, pos.column, "einde-voor-start",
                    "veld 'einde': het einde ligt vóór de start", "controleer datum en tijd")
    if start is not None and start_moment(start).date() > today + EVENT_FUTURE_LIMIT:
        pos = _at(doc, "start")
        yield error(path, pos.line, pos.column, "datum-onwaarschijnlijk",
                    "veld 'start': ligt meer dan drie jaar in de toekomst", "controleer het jaar")
    values = doc.values
    if "online" in values and "locatie" in values and not values["online"] \
            and not values["locatie"]:
        pos = _at(doc)
        yield error(path, pos.line, pos.column, "locatie-ontbreekt",
                    "een bijeenkomst heeft een 'locatie' of 'online: true' nodig",
                    "vul de plaats in, of zet online: true")


def check_template_text(loaded: list[Loaded]) -> Iterator[Diagnostic]:
    """Example text from 'kennispunt nieuw' left in a field or in the body."""
    for doc in loaded:
        if doc.text is None or doc.source.kind != "resource" or doc.source.soort is None:
            continue
        model = SOORTEN[doc.source.soort].model
        for field, example in placeholder_texts(model).items():
            if doc.values.get(field) == example:
                pos = _at(doc, field)
                yield warning(doc.source.path, pos.line, pos.column, "sjabloontekst",
                              f"veld '{field}': dit is nog de voorbeeldtekst",
                              "vervang de voorbeeldtekst door uw eigen tekst")
        body = doc.text.body
        if not any(sentence in body for sentence in TEMPLATE_SENTENCES):
            continue
        for number, line in enumerate(body.split("\n"), start=doc.text.body_line):
            if line.strip() in TEMPLATE_SENTENCES:
                yield warning(doc.source.path, number, 1, "sjabloontekst",
                              "in de tekst staat nog een voorbeeldzin van 'kennispunt nieuw'",
                              "vervang de zin door uw eigen tekst")


def check_pasted_tables(loaded: list[Loaded]) -> Iterator[Diagnostic]:
    """A table pasted from Word: lines of cells separated by tabs, which Markdown shows as
    one run of text."""
    for doc in loaded:
        if doc.text is None or "\t" not in doc.text.body:
            continue
        start = _tab_table(doc.text.body.split("\n"))
        if start is not None:
            cells, number = start
            yield error(doc.source.path, number + doc.text.body_line, 1, "tabel-met-tabs",
                        "deze regels lijken een tabel uit Word: de cellen staan tussen tabs",
                        "maak er een Markdown-tabel van, met | tussen de cellen en een tweede "
                        f"regel met ---, zoals: {_markdown_row(cells)} dan "
                        f"{_markdown_row(['---'] * len(cells))}")


def _tab_table(lines: list[str]) -> tuple[list[str], int] | None:
    """The cells of the first row and its index, for two or more lines with tab-separated
    cells outside code blocks."""
    fenced, run = False, 0
    for index, line in enumerate(lines):
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
        cells = [c.strip() for c in line.split("\t") if c.strip()]
        is_row = not fenced and len(cells) >= 2 and not line.startswith(("\t", "    "))
        run = run + 1 if is_row else 0
        if run == 2:
            first = lines[index - 1]
            return [c.strip() for c in first.split("\t") if c.strip()], index - 1
    return None


def _markdown_row(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"
