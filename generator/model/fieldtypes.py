"""Field types that convert the text a contributor typed into typed values.

Every scalar arrives as text (see :mod:`generator.load.frontmatter`). These types turn it into a
date, a yes/no, a number, an id or an address, with a Dutch message when that is impossible.
Each message is a :class:`PydanticCustomError` whose type is the diagnostic code.
"""

from __future__ import annotations

import ipaddress
import re
import types
import unicodedata
from datetime import UTC, date, datetime, timedelta, timezone
from enum import Enum
from functools import lru_cache
from typing import Annotated, Any, Union, get_args, get_origin
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from pydantic import BeforeValidator, Field, PlainSerializer, PlainValidator, WithJsonSchema
from pydantic.fields import FieldInfo
from pydantic_core import PydanticCustomError

from generator.diagnostics import Severity

ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
ID_MAX = 80
_ID = re.compile(ID_PATTERN)
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# A moment: minutes, optionally ':00' seconds and an offset ('Z', '+01:00', '+0100').
_DATETIME = re.compile(r"^(\d{4}-\d{2}-\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?"
                       r"(Z|[+-]\d{2}:?\d{2})?$", re.I)
AMSTERDAM = ZoneInfo("Europe/Amsterdam")
_EMAIL = re.compile(r"^[^@\s<>()\[\]\\,;:\"]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$")
_BWB = re.compile(r"^BWB[RV]\d{7}$")
_SPACE = re.compile(r"\s")
# http(s), a host name of letters, digits and hyphens with a top-level domain that starts with
# a letter, no user, no port; then a path, query or fragment.
_PLAIN_URL = re.compile(r"https?://(?P<host>(?:[a-z0-9-]+\.)+[a-z][a-z0-9-]*)(?:[/?#]\S*)?", re.I)
_TRUE = frozenset({"true", "ja", "yes"})
_FALSE = frozenset({"false", "nee", "no"})
MIN_YEAR, MAX_YEAR = 1900, 2100


class Trait(Enum):
    """What a field holds beyond its Python type; declared in the models' annotations.

    The validator asks for these (see :func:`field_traits`): which fields are one line of
    text (a '#' there is probably not a comment), which may hold several lines, which are web
    addresses (checked with :func:`url_findings`).
    """

    TEXT = "tekst"
    MULTILINE = "meer regels"
    WEB_ADDRESS = "webadres"


def field_traits(info: FieldInfo) -> frozenset[Trait]:
    """The traits declared on a model field, also inside ``X | None``."""
    return frozenset(m for m in info.metadata if isinstance(m, Trait)) | _traits_of(info.annotation)


def _traits_of(annotation: Any) -> frozenset[Trait]:
    origin = get_origin(annotation)
    if origin is Annotated:
        inner, *metadata = get_args(annotation)
        return frozenset(m for m in metadata if isinstance(m, Trait)) | _traits_of(inner)
    if origin is Union or origin is types.UnionType:
        return frozenset().union(*(_traits_of(arg) for arg in get_args(annotation)))
    return frozenset()


def is_list_field(info: FieldInfo) -> bool:
    """Whether the field holds a list (doelgroepen, trefwoorden …)."""
    return get_origin(info.annotation) is list


def _fail(code: str, message: str, **context: Any) -> PydanticCustomError:
    return PydanticCustomError(code, message, context)


def _text(value: Any) -> Any:
    """Strip text; leave other values for the core validator to refuse."""
    return value.strip() if isinstance(value, str) else value


def to_date(value: Any) -> Any:
    """``2022-05-11`` -> date; a real calendar date between 1900 and 2100."""
    if not isinstance(value, str):
        return value
    text = value.strip()
    if not _DATE.match(text):
        raise _fail("ongeldige-datum", "'{value}' is geen datum in de vorm JJJJ-MM-DD", value=text)
    try:
        parsed = date.fromisoformat(text)
    except ValueError:
        raise _fail("ongeldige-datum", "'{value}' bestaat niet in de kalender", value=text) from None
    if not MIN_YEAR <= parsed.year <= MAX_YEAR:
        raise _fail("ongeldige-datum", "'{value}' ligt niet tussen 1900 en 2100", value=text)
    return parsed


def to_moment(value: Any) -> Any:
    """``2025-03-12T10:00`` (Dutch local time) -> datetime; a bare date means all day.

    Also accepted, because they mean one moment only: ':00' seconds, and an offset ('Z',
    '+01:00'), converted to Dutch local time. Other seconds are refused: the site shows minutes.
    """
    if isinstance(value, date):  # datetime is a date too
        return value
    if not isinstance(value, str):
        # Reported as date_type so that the validator says "leeg" or "verkeerd type".
        raise _fail("date_type", "verwacht een datum of moment")
    text = value.strip()
    match = _DATETIME.match(text)
    if not match:
        if _DATE.match(text):
            return to_date(text)
        raise _fail("ongeldige-datum",
                    "'{value}' is geen moment in de vorm JJJJ-MM-DDTUU:MM (Nederlandse tijd)",
                    value=text)
    day = to_date(match.group(1))
    seconds, offset = match.group(4), match.group(5)
    try:
        moment = datetime(day.year, day.month, day.day, int(match.group(2)), int(match.group(3)))
    except ValueError:
        raise _fail("ongeldige-datum", "'{value}' is geen bestaande tijd", value=text) from None
    if seconds not in (None, "00"):
        raise _fail("ongeldige-datum", "'{value}' heeft seconden; de site toont uren en minuten "
                    "(schrijf JJJJ-MM-DDTUU:MM)", value=text)
    return moment if offset is None else _local_time(moment, offset, text)


def _local_time(moment: datetime, offset: str, text: str) -> datetime:
    """A moment with an offset as Dutch local time (without time zone, like every moment)."""
    if offset.upper() == "Z":
        zone = UTC
    else:
        hours, minutes = int(offset[1:3]), int(offset[-2:])
        if hours > 14 or minutes > 59:
            raise _fail("ongeldige-datum", "'{value}' heeft geen bestaande tijdzone", value=text)
        sign = -1 if offset[0] == "-" else 1
        zone = timezone(sign * timedelta(hours=hours, minutes=minutes))
    return moment.replace(tzinfo=zone).astimezone(AMSTERDAM).replace(tzinfo=None)


def to_bool(value: Any) -> Any:
    """``true``/``ja`` or ``false``/``nee``."""
    if not isinstance(value, str):
        return value
    text = value.strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise _fail("ongeldige-waarde", "'{value}' is geen ja of nee (gebruik true of false)", value=value)


def to_int(value: Any) -> Any:
    """Whole numbers written as digits."""
    if not isinstance(value, str):
        return value
    text = value.strip()
    if not text.isascii() or not text.isdigit():
        raise _fail("ongeldige-waarde", "'{value}' is geen heel getal", value=value)
    return int(text)


def to_list(value: Any) -> Any:
    """A single value where a list is expected becomes a list of one; empty becomes []."""
    if value is None:
        return []
    return [value] if isinstance(value, str) else value


def check_id(value: Any) -> Any:
    if not isinstance(value, str):
        return value
    text = value.strip()
    if len(text) > ID_MAX or not _ID.match(text):
        raise _fail("ongeldig-id",
                    "'{value}' is geen geldig id (kleine letters, cijfers en losse streepjes)",
                    value=text)
    return text


def check_url(value: Any) -> Any:
    """An http(s) address without credentials, pointing at a public host."""
    if not isinstance(value, str):
        return value
    text = value.strip()
    problem = url_problem(text)
    if problem:
        raise _fail("ongeldige-url", "'{value}': {problem}", value=text, problem=problem)
    return text


def url_problem(text: str) -> str:
    """Why ``text`` is not an acceptable public web address, or '' when it is."""
    if _SPACE.search(text):
        return "een webadres mag geen spaties bevatten"
    plain = _PLAIN_URL.fullmatch(text)
    if plain:  # the common case, decided without urlsplit (a property test checks they agree)
        private = _private_host(plain.group("host").lower())
        return "dit adres is niet openbaar bereikbaar" if private else ""
    return _url_problem_parsed(text)


def _url_problem_parsed(text: str) -> str:
    try:
        parts = urlsplit(text)
        host = parts.hostname or ""
        parts.port  # noqa: B018 - raises ValueError for a bad port
    except ValueError:
        return "dit is geen geldig webadres"
    if parts.scheme not in ("http", "https"):
        return "alleen adressen die met https:// of http:// beginnen zijn toegestaan"
    if not host:
        return "het webadres heeft geen domeinnaam"
    if parts.username or parts.password:
        return "een webadres mag geen gebruikersnaam of wachtwoord bevatten"
    if _private_host(host):
        return "dit adres is niet openbaar bereikbaar"
    return ""


def url_findings(url: str) -> list[tuple[Severity, str, str, str]]:
    """What else is wrong with a web address: ``(severity, code, message, hint)`` in Dutch.

    For an address that :func:`url_problem` accepts (it does not repeat those problems):
    a host name that mixes scripts within one label, such as Latin with a Cyrillic look-alike
    ('rvо.nl'), is an error ``verdachte-host``; ``http://`` is a warning
    ``onveilige-verbinding``. Messages name no field: callers put "veld 'bron': " or
    "link '…': " in front.
    """
    return list(_url_findings(url))


@lru_cache(maxsize=65536)  # the same addresses recur in many files, and on every preview run
def _url_findings(url: str) -> tuple[tuple[Severity, str, str, str], ...]:
    try:
        parts = urlsplit(url.strip())
        host = parts.hostname or ""
    except ValueError:
        return ()
    found: list[tuple[Severity, str, str, str]] = []
    mixed = _mixed_label(host)
    if mixed:
        found.append((Severity.ERROR, "verdachte-host",
                      f"de domeinnaam '{host}' mengt {' en '.join(_script_names(mixed))} "
                      f"letters in '{_decoded_label(mixed)}'",
                      "typ het adres zelf over met gewone letters; een domeinnaam met letters "
                      "die op andere lijken, kan naar een nagemaakte site leiden"))
    if parts.scheme.lower() == "http":
        found.append((Severity.WARNING, "onveilige-verbinding",
                      "het adres begint met http://, een verbinding zonder versleuteling",
                      "gebruik https://"))
    return tuple(found)


# Scripts that one label may mix without suspicion: Japanese is written in three.
_COMPATIBLE_SCRIPTS = ({"CJK", "HIRAGANA", "KATAKANA"},)
_SCRIPT_NAMES = {"LATIN": "Latijnse", "CYRILLIC": "Cyrillische", "GREEK": "Griekse",
                 "ARMENIAN": "Armeense", "HEBREW": "Hebreeuwse", "ARABIC": "Arabische"}


def _mixed_label(host: str) -> str:
    """The first label of ``host`` whose letters come from more than one script, or ''."""
    for label in host.split("."):
        scripts = _scripts(_decoded_label(label))
        if len(scripts) > 1 and not any(scripts <= group for group in _COMPATIBLE_SCRIPTS):
            return label
    return ""


def _decoded_label(label: str) -> str:
    """A punycode label ('xn--…') as the letters it stands for; other labels unchanged."""
    if not label.startswith("xn--"):
        return label
    try:
        return label.encode("ascii").decode("idna")
    except UnicodeError:
        return label


def _scripts(text: str) -> set[str]:
    # The first word of a letter's Unicode name is its script: 'CYRILLIC SMALL LETTER O'.
    return {unicodedata.name(c, "? ").split(" ", 1)[0] for c in text if c.isalpha()}


def _script_names(label: str) -> list[str]:
    return sorted(_SCRIPT_NAMES.get(s, s.capitalize()) for s in _scripts(_decoded_label(label)))


def _private_host(host: str) -> bool:
    host = host.rstrip(".")  # 'localhost.' and '10.0.0.1.' are the same hosts
    if host == "localhost" or host.endswith((".localhost", ".local", ".internal", ".lan")):
        return True
    if "." not in host and ":" not in host:
        return True
    if host[-1].isalpha() and ":" not in host:
        return False  # a domain name; an IPv4 address ends in a digit, IPv6 has colons
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return not address.is_global


def check_contact(value: Any) -> Any:
    """A web address or an e-mail address."""
    if not isinstance(value, str):
        return value
    text = value.strip()
    if _EMAIL.match(text):
        return text
    if text.startswith(("http://", "https://")):
        return check_url(text)
    raise _fail("ongeldige-waarde", "'{value}' is geen webadres of e-mailadres", value=text)


def check_bwb(value: Any) -> Any:
    if not isinstance(value, str):
        return value
    text = value.strip()
    if not _BWB.match(text):
        raise _fail("ongeldig-bwb-id",
                    "'{value}' is geen BWB-id (zoals BWBR0035303)", value=text)
    return text


_MONTH = re.compile(r"^\d{4}-\d{2}$")


def to_stand(value: Any) -> Any:
    """``2026-01`` (a month) or ``2026-01-30`` (a day): kept as that text, once it is a real
    month or day between 1900 and 2100. A month is as precise as most texts can honestly be."""
    if not isinstance(value, str):
        return value
    text = value.strip()
    if _MONTH.match(text):
        to_date(text + "-01")
        return text
    if not _DATE.match(text):
        raise _fail("ongeldige-datum", "'{value}' is geen maand (JJJJ-MM) of datum (JJJJ-MM-DD)",
                    value=text)
    to_date(text)
    return text


def stand_start(text: str) -> date:
    """The first day a ``stand`` value covers: '2026-01' -> 1 January 2026."""
    return date.fromisoformat(text if len(text) == 10 else text + "-01")


_DATE_SCHEMA = WithJsonSchema({"type": "string", "format": "date"})
_MOMENT_SCHEMA = WithJsonSchema(
    {"type": "string",
     "pattern": r"^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:00)?([Zz]|[+-]\d{2}:?\d{2})?)?$"}
)

Text = Annotated[str, BeforeValidator(_text), Trait.TEXT]
# Free text that may run over several lines (a block scalar '|'); every other text is one line.
LongText = Annotated[str, BeforeValidator(_text), Trait.TEXT, Trait.MULTILINE]
Date = Annotated[date, BeforeValidator(to_date), _DATE_SCHEMA]
# A plain validator, not a union: a union would report one error per member ("start.date").
Moment = Annotated[datetime | date, PlainValidator(to_moment), _MOMENT_SCHEMA,
                   PlainSerializer(lambda v: v.isoformat())]
# The moment a text describes: a month (JJJJ-MM) or a day (JJJJ-MM-DD), kept as written.
Stand = Annotated[str, BeforeValidator(to_stand), WithJsonSchema(
    {"type": "string", "pattern": r"^\d{4}-\d{2}(-\d{2})?$"})]
Bool = Annotated[bool, BeforeValidator(to_bool)]
Int = Annotated[int, BeforeValidator(to_int), Field(ge=0, le=9999),
                WithJsonSchema({"type": "integer", "minimum": 0, "maximum": 9999})]
Id = Annotated[str, BeforeValidator(check_id), WithJsonSchema(
    {"type": "string", "pattern": ID_PATTERN, "maxLength": ID_MAX})]
Url = Annotated[str, BeforeValidator(check_url), Trait.WEB_ADDRESS, WithJsonSchema(
    {"type": "string", "format": "uri", "pattern": "^https?://"})]
Contact = Annotated[str, BeforeValidator(check_contact), Trait.WEB_ADDRESS]
BwbId = Annotated[str, BeforeValidator(check_bwb), WithJsonSchema(
    {"type": "string", "pattern": _BWB.pattern})]
IdList = Annotated[list[Id], BeforeValidator(to_list)]
TextList = Annotated[list[Annotated[str, BeforeValidator(_text), Field(min_length=1, max_length=80)]],
                     BeforeValidator(to_list)]
