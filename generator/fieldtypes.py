"""Field types that convert the text a contributor typed into typed values.

Every scalar arrives as text (see :mod:`generator.frontmatter`). These types turn it into a
date, a yes/no, a number, an id or an address, with a Dutch message when that is impossible.
Each message is a :class:`PydanticCustomError` whose type is the diagnostic code.
"""

from __future__ import annotations

import ipaddress
import re
from datetime import date, datetime
from typing import Annotated, Any
from urllib.parse import urlsplit

from pydantic import BeforeValidator, Field, PlainSerializer, PlainValidator, WithJsonSchema
from pydantic_core import PydanticCustomError

ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
ID_MAX = 80
_ID = re.compile(ID_PATTERN)
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DATETIME = re.compile(r"^(\d{4}-\d{2}-\d{2})[T ](\d{2}):(\d{2})$")
_EMAIL = re.compile(r"^[^@\s<>()\[\]\\,;:\"]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$")
_BWB = re.compile(r"^BWB[RV]\d{7}$")
_SPACE = re.compile(r"\s")
# http(s), a host name of letters, digits and hyphens with a top-level domain that starts with
# a letter, no user, no port; then a path, query or fragment.
_PLAIN_URL = re.compile(r"https?://(?P<host>(?:[a-z0-9-]+\.)+[a-z][a-z0-9-]*)(?:[/?#]\S*)?", re.I)
_TRUE = frozenset({"true", "ja", "yes"})
_FALSE = frozenset({"false", "nee", "no"})
MIN_YEAR, MAX_YEAR = 1900, 2100


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
    """``2025-03-12T10:00`` (Dutch local time) -> datetime; a bare date means all day."""
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
    try:
        return datetime(day.year, day.month, day.day, int(match.group(2)), int(match.group(3)))
    except ValueError:
        raise _fail("ongeldige-datum", "'{value}' is geen bestaande tijd", value=text) from None


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


_DATE_SCHEMA = WithJsonSchema({"type": "string", "format": "date"})
_MOMENT_SCHEMA = WithJsonSchema(
    {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2})?$"}
)

Text = Annotated[str, BeforeValidator(_text)]
Date = Annotated[date, BeforeValidator(to_date), _DATE_SCHEMA]
# A plain validator, not a union: a union would report one error per member ("start.date").
Moment = Annotated[datetime | date, PlainValidator(to_moment), _MOMENT_SCHEMA,
                   PlainSerializer(lambda v: v.isoformat())]
Bool = Annotated[bool, BeforeValidator(to_bool)]
Int = Annotated[int, BeforeValidator(to_int), Field(ge=0, le=9999),
                WithJsonSchema({"type": "integer", "minimum": 0, "maximum": 9999})]
Id = Annotated[str, BeforeValidator(check_id), WithJsonSchema(
    {"type": "string", "pattern": ID_PATTERN, "maxLength": ID_MAX})]
Url = Annotated[str, BeforeValidator(check_url), WithJsonSchema(
    {"type": "string", "format": "uri", "pattern": "^https?://"})]
Contact = Annotated[str, BeforeValidator(check_contact)]
BwbId = Annotated[str, BeforeValidator(check_bwb), WithJsonSchema(
    {"type": "string", "pattern": _BWB.pattern})]
IdList = Annotated[list[Id], BeforeValidator(to_list)]
TextList = Annotated[list[Annotated[str, BeforeValidator(_text), Field(min_length=1, max_length=80)]],
                     BeforeValidator(to_list)]
