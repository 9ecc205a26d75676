"""The content model, declared once.

Each kind of file has one pydantic model. Validation, the ``kennispunt nieuw`` scaffold, the
JSON Schema and the contributors' field reference are all derived from these declarations:
the ``description`` of a field is the Dutch text a contributor reads, ``examples[0]`` is what the
scaffold writes. The models are frozen; relationships between them live in the graph.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from generator.model.fieldtypes import (
    Bool,
    BwbId,
    Contact,
    Date,
    Id,
    IdList,
    Int,
    LongText,
    Moment,
    Stand,
    Text,
    TextList,
    Url,
)

PROVINCIES = (
    "Groningen", "Fryslân", "Drenthe", "Overijssel", "Flevoland", "Gelderland", "Utrecht",
    "Noord-Holland", "Zuid-Holland", "Zeeland", "Noord-Brabant", "Limburg",
)
# Other names that can only mean one province.
_PROVINCE_ALIASES = {"friesland": "Fryslân", "brabant": "Noord-Brabant"}


def _province_key(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(c for c in plain.casefold() if c.isalnum())


_PROVINCES_BY_KEY = {**{_province_key(p): p for p in PROVINCIES}, **_PROVINCE_ALIASES}


def to_provincie(value: Any) -> Any:
    """The canonical name of a province for an unambiguous spelling: 'Friesland', 'fryslan'
    and 'Noord Holland' become 'Fryslân' and 'Noord-Holland'; anything else is left to the
    choice of twelve."""
    if not isinstance(value, str):
        return value
    return _PROVINCES_BY_KEY.get(_province_key(value), value)


Provincie = Annotated[Literal[
    "Groningen", "Fryslân", "Drenthe", "Overijssel", "Flevoland", "Gelderland", "Utrecht",
    "Noord-Holland", "Zuid-Holland", "Zeeland", "Noord-Brabant", "Limburg",
], BeforeValidator(to_provincie)]
ALL_GROUPS = "alle"


class _Model(BaseModel):
    """Frozen, and strict about unknown keys.

    Text fields are one line (``Text``); only ``samenvatting`` is ``LongText`` and may run
    over several lines (a block scalar ``|``): a newline in a title, name or id is an error.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)


class ResourceMeta(_Model):
    """Front matter that every resource has."""

    titel: Annotated[Text, Field(min_length=5, max_length=150)] = Field(
        description="De titel van de bron, zoals lezers hem zoeken. Uniek op het platform.",
        examples=["Titel van de bron"])
    samenvatting: Annotated[LongText, Field(min_length=20, max_length=300)] = Field(
        description="Eén of twee zinnen: wat is het en wat heeft een beleidsadviseur eraan? "
                    "Staat op overzichten, in zoekresultaten en in de feeds.",
        examples=["Vat hier in een of twee zinnen samen waar deze bron over gaat."])
    doelgroepen: Annotated[IdList, Field(min_length=1)] = Field(
        description="De doelgroepen (bestandsnamen in groups/), of 'alle' voor elke doelgroep.",
        examples=[["alle"]])
    organisatie: Annotated[IdList, Field(min_length=1)] = Field(
        description="De organisatie(s) achter de bron: id's uit content/organisaties.yml.",
        examples=[["bzk"]])
    datum: Date = Field(
        description="Datum van publicatie of inwerkingtreding (JJJJ-MM-DD).",
        examples=["2026-01-01"])
    bron: Url | None = Field(
        None, description="Het webadres van de oorspronkelijke bron (https://…).",
        examples=["https://www.rijksoverheid.nl/"])
    trefwoorden: TextList = Field(
        default_factory=list, description="Woorden waarop lezers zoeken; helpen ook bij "
                                          "'gerelateerd'.", examples=[[]])
    gerelateerd: IdList = Field(
        default_factory=list, description="Id's van andere bronnen die bij deze horen.",
        examples=[[]])
    gecontroleerd: Date | None = Field(
        None, description="Datum waarop de tekst is nagekeken tegen de bron. Ouder dan 12 "
                          "maanden geeft een waarschuwing.", examples=["2026-01-01"])
    stand: Stand | None = Field(
        None, description="Het moment dat de tekst beschrijft: de maand (JJJJ-MM) of dag "
                          "(JJJJ-MM-DD) van de nieuwste bron die erin verwerkt is. De pagina "
                          "toont 'Stand van zaken: januari 2026'.", examples=[None])
    status: Literal["actueel", "vervallen"] = Field(
        "actueel", description="De status van deze tekst: 'actueel', of 'vervallen' als de "
                               "redactie de tekst heeft ingetrokken omdat de bron niet meer geldt. "
                               "Of een regeling open is of een wet geldt, berekent de site zelf "
                               "uit de datums.", examples=["actueel"])


class WetMeta(ResourceMeta):
    """Wet- en regelgeving."""

    in_werking: Date | None = Field(
        None, description="Datum van inwerkingtreding. Laat weg zolang de wet nog niet geldt.",
        examples=[None])
    bwb_id: BwbId | None = Field(
        None, description="Het id in het Basiswettenbestand (zoals BWBR0035303); daarmee "
                          "linkt het platform naar wetten.overheid.nl.", examples=[None])
    kamerstuk: Text | None = Field(
        None, description="Kamerstuknummer, tussen aanhalingstekens (zoals \"36 512\").",
        examples=[None])
    aangenomen: Date | None = Field(
        None, description="Datum waarop de wet is aangenomen (door de Eerste Kamer). Vul in "
                          "zolang de wet nog niet in werking is; de site toont dan 'Aangenomen, "
                          "nog niet in werking'.", examples=[None])
    beoogd: Date | None = Field(
        None, description="De beoogde datum van inwerkingtreding, zolang die niet vaststaat. "
                          "Is die datum voorbij en staat er nog geen in_werking, dan vraagt de "
                          "site lezers de stand bij de bron te controleren en meldt het "
                          "redactierapport dit.", examples=[None])
    voor_gemeenten: Annotated[Text, Field(min_length=20, max_length=300)] | None = Field(
        None, description="Wat deze wet of regeling voor gemeenten betekent, in één of twee "
                          "korte zinnen op één regel. Staat bovenaan de pagina bij 'Voor "
                          "gemeenten'. Alleen wat de bron zegt.", examples=[None])


class BeleidMeta(ResourceMeta):
    """Beleid: programma's, actieplannen, Kamerbrieven."""

    kamerstuk: Text | None = Field(
        None, description="Kamerstuknummer, tussen aanhalingstekens (zoals \"32 847, nr. 883\").",
        examples=[None])


class RegelingMeta(ResourceMeta):
    """Financiële regelingen."""

    aanvragen_tot: Date | None = Field(
        None, description="Laatste dag om aan te vragen. Daarna toont de site de regeling als "
                          "gesloten.", examples=[None])
    loket: Id | None = Field(
        None, description="De organisatie waar u aanvraagt (id uit content/organisaties.yml).",
        examples=[None])
    budget: Text | None = Field(
        None, description="Het beschikbare bedrag, in woorden of cijfers.", examples=[None])


class HandreikingMeta(ResourceMeta):
    """Handreikingen."""


class StappenplanMeta(ResourceMeta):
    """Stappenplannen: elke stap is een kop van niveau 2 (## Stap) in de tekst."""


class PraktijkMeta(ResourceMeta):
    """Praktijkvoorbeelden."""

    gemeente: Annotated[Text, Field(min_length=2, max_length=80)] = Field(
        description="De gemeente (of regio) van het voorbeeld.", examples=["Naam van de gemeente"])
    provincie: Provincie = Field(
        description="De provincie: " + ", ".join(PROVINCIES) + ".", examples=["Utrecht"])


class OnderzoekMeta(ResourceMeta):
    """Onderzoek, monitors en evaluaties."""

    auteurs: Text | None = Field(None, description="De auteurs of het onderzoeksbureau.",
                                 examples=[None])


class AgendaMeta(ResourceMeta):
    """Bijeenkomsten, webinars, congressen en cursussen."""

    vorm: Literal["bijeenkomst", "webinar", "congres", "cursus"] = Field(
        description="bijeenkomst, webinar, congres of cursus.", examples=["bijeenkomst"])
    start: Moment = Field(
        description="Begin, Nederlandse tijd: JJJJ-MM-DDTUU:MM, of alleen een datum voor een "
                    "hele dag.", examples=["2026-01-01T10:00"])
    einde: Moment = Field(
        description="Einde, in dezelfde vorm als start; niet vóór start.",
        examples=["2026-01-01T12:00"])
    locatie: Text | None = Field(None, description="Plaats en adres. Of gebruik online: true.",
                                 examples=["Plaats"])
    online: Bool = Field(False, description="true als het online is.", examples=[None])
    aanmelden: Url | None = Field(None, description="Webadres om u aan te melden.",
                                  examples=[None])


class NetwerkMeta(ResourceMeta):
    """Netwerken en expertteams."""

    contact: Contact | None = Field(None, description="Webadres of e-mailadres voor contact.",
                                    examples=[None])


class GroupMeta(_Model):
    """A target group: ``groups/<id>.md``."""

    naam: Annotated[Text, Field(min_length=3, max_length=80)] = Field(
        description="De naam van de doelgroep.", examples=["Naam van de doelgroep"])
    samenvatting: Annotated[LongText, Field(min_length=20, max_length=300)] = Field(
        description="Eén of twee zinnen over wie dit zijn.",
        examples=["Vat hier in een of twee zinnen samen wie tot deze doelgroep horen."])
    synoniemen: TextList = Field(
        default_factory=list, description="Andere woorden die adviseurs gebruiken; de zoekfunctie "
                                          "vindt de doelgroep ook daarop.", examples=[[]])
    verwant: IdList = Field(default_factory=list, description="Id's van verwante doelgroepen.",
                            examples=[[]])
    volgorde: Int = Field(100, description="Plaats op de startpagina (laag eerst).",
                          examples=[100])


class PageMeta(_Model):
    """A plain site page: ``content/paginas/<id>.md``."""

    titel: Annotated[Text, Field(min_length=3, max_length=150)] = Field(
        description="De titel van de pagina.", examples=["Titel van de pagina"])
    samenvatting: Annotated[LongText, Field(min_length=20, max_length=300)] = Field(
        description="Eén of twee zinnen over de pagina.",
        examples=["Vat hier in een of twee zinnen samen waar deze pagina over gaat."])
    volgorde: Int = Field(100, description="Plaats in het menu (laag eerst).", examples=[100])


class Organisation(_Model):
    """An entry of ``content/organisaties.yml``."""

    id: Id = Field(description="Kort id, zoals 'bzk'.")
    naam: Annotated[Text, Field(min_length=2, max_length=150)] = Field(
        description="Volledige naam.")
    afkorting: Text | None = Field(None, description="Gangbare afkorting.")
    url: Url = Field(description="Officieel webadres.")


@dataclass(frozen=True, slots=True)
class Soort:
    """One resource type: its folder, its model and its Dutch names."""

    folder: str
    model: type[ResourceMeta]
    label: str
    singular: str
    intro: str


SOORTEN: dict[str, Soort] = {s.folder: s for s in (
    Soort("wet-en-regelgeving", WetMeta, "Wet- en regelgeving", "Wet of regeling",
          "Wetten, besluiten en regels die voor de huisvesting van aandachtsgroepen gelden."),
    Soort("beleid", BeleidMeta, "Beleid", "Beleid",
          "Programma's, actieplannen en Kamerbrieven van het Rijk en de partners."),
    Soort("financiele-regelingen", RegelingMeta, "Financiële regelingen", "Financiële regeling",
          "Subsidies en andere regelingen waarmee u woningen en begeleiding kunt betalen."),
    Soort("handreikingen", HandreikingMeta, "Handreikingen", "Handreiking",
          "Praktische gidsen die uitleggen hoe u iets aanpakt."),
    Soort("stappenplannen", StappenplanMeta, "Stappenplannen", "Stappenplan",
          "Stap voor stap van begin tot eind, met de bron van elke stap."),
    Soort("praktijkvoorbeelden", PraktijkMeta, "Praktijkvoorbeelden", "Praktijkvoorbeeld",
          "Hoe gemeenten en hun partners het al doen."),
    Soort("onderzoek", OnderzoekMeta, "Onderzoek", "Onderzoek",
          "Onderzoeken, monitors en evaluaties."),
    Soort("agenda", AgendaMeta, "Agenda", "Bijeenkomst",
          "Bijeenkomsten, webinars, congressen en cursussen."),
    Soort("netwerken", NetwerkMeta, "Netwerken en expertteams", "Netwerk",
          "Netwerken en teams die u verder kunnen helpen."),
)}


@dataclass(frozen=True, slots=True)
class Resource:
    """A validated resource: its id and type come from its path."""

    id: str
    soort: str
    path: str
    meta: ResourceMeta
    body: str
    body_line: int


@dataclass(frozen=True, slots=True)
class Group:
    """A validated target group."""

    id: str
    path: str
    meta: GroupMeta
    body: str
    body_line: int


@dataclass(frozen=True, slots=True)
class Page:
    """A validated site page."""

    id: str
    path: str
    meta: PageMeta
    body: str
    body_line: int


@dataclass(frozen=True, slots=True)
class Content:
    """Everything that passed validation, sorted by path."""

    resources: tuple[Resource, ...]
    groups: tuple[Group, ...]
    pages: tuple[Page, ...]
    organisations: tuple[Organisation, ...]


def event_start(meta: AgendaMeta) -> datetime:
    """The start as a datetime (an all-day event starts at midnight)."""
    return start_moment(meta.start)


def event_end(meta: AgendaMeta) -> datetime:
    """The end as a datetime (an all-day event ends at the end of its day)."""
    return end_moment(meta.einde)


def start_moment(value: datetime | date) -> datetime:
    """A start as a datetime: a bare date starts at midnight."""
    if isinstance(value, datetime):
        return value
    return datetime(value.year, value.month, value.day)


def end_moment(value: datetime | date) -> datetime:
    """An end as a datetime: a bare date ends at the end of its day."""
    if isinstance(value, datetime):
        return value
    return datetime(value.year, value.month, value.day, 23, 59)
