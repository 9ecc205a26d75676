"""Click in Dutch: the texts click prints itself (help headings, usage errors), translated.

Click marks every text it prints with gettext (``_("Usage:")``, ``ngettext(...)``), but it
asks gettext's global domain, which follows the user's locale and would need compiled
catalogues. This module holds the Dutch catalogue as a table and makes click's modules use
it: :func:`install` rebinds the ``_`` and ``ngettext`` names that each click module imported
from :mod:`gettext`. Texts not in the table stay as click wrote them (a test lists the English
words that must never reach a contributor, and one that every key still exists in click).

The placeholders in usage lines (``[OPTIONS]``, ``COMMAND``, ``TEXT``) are not gettext texts:
:class:`DutchCommand` and :class:`DutchGroup` give Dutch ones.
"""

from __future__ import annotations

import importlib
from gettext import NullTranslations
from typing import Any

import click

#: click's texts (gettext message ids) and their Dutch translation; placeholders stay.
DUTCH: dict[str, str] = {
    # help pages
    "Usage:": "Gebruik:",
    "Options": "Opties",
    "Commands": "Opdrachten",
    "Positional arguments": "Argumenten",
    "Show this message and exit.": "Toon deze hulp en stop.",
    "Show the version and exit.": "Toon het versienummer en stop.",
    "%(prog)s, version %(version)s": "%(prog)s, versie %(version)s",
    "default: {default}": "standaard: {default}",
    "env var: {var}": "omgevingsvariabele: {var}",
    "required": "verplicht",
    "(dynamic)": "(wisselt)",
    "deprecated": "verouderd",
    # usage errors
    "Error: {message}": "Fout: {message}",
    "Try '{command} {option}' for help.": "Hulp: {command} {option}",
    "Missing command.": "Geef een opdracht.",
    "Missing argument": "Ontbrekend argument",
    "Missing option": "Ontbrekende optie",
    "Missing parameter": "Ontbrekende waarde",
    "Missing {param_type}": "Ontbrekend: {param_type}",
    "Missing parameter: {param_name}": "Ontbrekende waarde: {param_name}",
    "No such option {name!r}.": "Onbekende optie {name!r}.",
    "No such command {name!r}.": "Onbekende opdracht {name!r}.",
    "Invalid value: {message}": "Ongeldige waarde: {message}",
    "Invalid value for {param_hint}: {message}": "Ongeldige waarde voor {param_hint}: {message}",
    "Option {name!r} does not take a value.": "De optie {name!r} krijgt geen waarde.",
    "Argument {name!r} takes {nargs} values.": "Het argument {name!r} heeft {nargs} waarden nodig.",
    "Value must be an iterable.": "De waarde moet een lijst zijn.",
    "Choose from:\n\t{choices}": "Kies uit:\n\t{choices}",
    "{value!r} is not a valid {number_type}.": "{value!r} is geen geldig getal.",
    "{value} is not in the range {range}.": "{value} ligt niet tussen de grenzen {range}.",
    "{value!r} is not a valid boolean. Recognized values: {states}":
        "{value!r} is geen ja of nee. Mogelijk: {states}",
    "{value!r} is not a valid UUID.": "{value!r} is geen geldige UUID.",
    "file": "bestand",
    "directory": "map",
    "path": "pad",
    "{name} {filename!r} does not exist.": "{name} {filename!r} bestaat niet.",
    "{name} {filename!r} is a file.": "{name} {filename!r} is een bestand, geen map.",
    "{name} {filename!r} is a directory.": "{name} {filename!r} is een map, geen bestand.",
    "{name} {filename!r} is not readable.": "{name} {filename!r} kan niet gelezen worden.",
    "{name} {filename!r} is not writable.": "{name} {filename!r} kan niet geschreven worden.",
    "{name} {filename!r} is not executable.": "{name} {filename!r} kan niet uitgevoerd worden.",
    "Could not open file {filename!r}: {message}": "Kan bestand {filename!r} niet openen: {message}",
    "unknown error": "onbekende fout",
    "Aborted!": "Afgebroken.",
}

#: click's texts with a singular and a plural form: (singular id, plural id) -> Dutch forms.
DUTCH_PLURAL: dict[tuple[str, str], tuple[str, str]] = {
    ("Got unexpected extra argument ({args})", "Got unexpected extra arguments ({args})"):
        ("Onverwacht extra argument ({args})", "Onverwachte extra argumenten ({args})"),
    ("Did you mean {possibility}?", "(Did you mean one of: {possibilities}?)"):
        ("Bedoelde u {possibility}?", "(Bedoelde u een van deze: {possibilities}?)"),
    ("{value!r} is not {choice}.", "{value!r} is not one of {choices}."):
        ("{value!r} kan niet; kies {choice}.", "{value!r} kan niet; kies uit {choices}."),
    ("Option {name!r} requires an argument.", "Option {name!r} requires {nargs} arguments."):
        ("De optie {name!r} heeft een waarde nodig.", "De optie {name!r} heeft {nargs} waarden nodig."),
    ("Takes {nargs} values but 1 was given.", "Takes {nargs} values but {len} were given."):
        ("Heeft {nargs} waarden nodig, maar kreeg er 1.",
         "Heeft {nargs} waarden nodig, maar kreeg er {len}."),
    ("{value!r} does not match the format {format}.",
     "{value!r} does not match the formats {formats}."):
        ("{value!r} past niet bij de vorm {format}.", "{value!r} past niet bij de vormen {formats}."),
    ("{len_type} values are required, but {len_value} was given.",
     "{len_type} values are required, but {len_value} were given."):
        ("Er zijn {len_type} waarden nodig, maar er is er {len_value} gegeven.",
         "Er zijn {len_type} waarden nodig, maar er zijn er {len_value} gegeven."),
}

#: Placeholders for option values, by click's type name (used when an option sets none).
DUTCH_METAVARS = {"text": "TEKST", "integer": "GETAL", "integer range": "GETAL", "float": "GETAL",
                  "float range": "GETAL", "boolean": "JA|NEE", "datetime": "DATUM",
                  "filename": "BESTAND", "file": "BESTAND", "directory": "MAP", "path": "PAD",
                  "bestand": "BESTAND", "map": "MAP", "pad": "PAD"}

#: The click modules that print texts to a contributor.
CLICK_MODULES = ("click.core", "click.decorators", "click.exceptions", "click.formatting",
                 "click.parser", "click.types", "click.termui", "click.utils")


class DutchTranslations(NullTranslations):
    """A gettext catalogue from the tables above; unknown texts pass through unchanged."""

    def gettext(self, message: str) -> str:
        return DUTCH.get(message, message)

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        forms = DUTCH_PLURAL.get((msgid1, msgid2), (msgid1, msgid2))
        return forms[0] if n == 1 else forms[1]


def install() -> None:
    """Make click print Dutch: rebind its modules' gettext functions to the Dutch catalogue.

    Safe to call more than once. Only click's own modules change; gettext's global domain,
    which other libraries may use, is left alone.
    """
    translations = DutchTranslations()
    for name in CLICK_MODULES:
        namespace = vars(importlib.import_module(name))
        if "_" in namespace:
            namespace["_"] = translations.gettext
        if "ngettext" in namespace:
            namespace["ngettext"] = translations.ngettext


class DutchCommand(click.Command):
    """A command whose usage line and option placeholders are Dutch (``[OPTIES]``, ``TEKST``)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("options_metavar", "[OPTIES]")
        super().__init__(*args, **kwargs)
        for param in self.params:
            if isinstance(param, click.Option) and param.metavar is None and not param.is_flag:
                param.metavar = DUTCH_METAVARS.get(param.type.name)


class DutchGroup(click.Group):
    """A group of commands whose help and usage are Dutch; its commands are :class:`DutchCommand`."""

    command_class = DutchCommand

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("options_metavar", "[OPTIES]")
        kwargs.setdefault("subcommand_metavar", "OPDRACHT [ARGUMENTEN]...")
        super().__init__(*args, **kwargs)
