"""Field types: text a contributor typed -> typed values, or a Dutch error with a stable code."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pytest
from pydantic import BaseModel, ValidationError
from pydantic_core import PydanticCustomError

from generator.diagnostics import Severity
from generator.model.fieldtypes import (
    Moment,
    check_bwb,
    check_contact,
    check_id,
    check_url,
    to_bool,
    to_date,
    to_int,
    to_list,
    to_moment,
    url_findings,
    url_problem,
)


def code_of(func: Any, value: Any) -> str:
    with pytest.raises(PydanticCustomError) as caught:
        func(value)
    return caught.value.type


@pytest.mark.parametrize("text, expected", [
    ("2022-05-11", date(2022, 5, 11)), (" 2024-02-29 ", date(2024, 2, 29)),
    ("1900-01-01", date(1900, 1, 1)), ("2100-12-31", date(2100, 12, 31)),
])
def test_to_date_accepts_real_dates(text: str, expected: date) -> None:
    assert to_date(text) == expected


@pytest.mark.parametrize("text", [
    "11-05-2022", "2022-5-11", "20220511", "2023-02-30", "2023-02-29", "2022-13-01", "1899-12-31",
    "2101-01-01", "gisteren", "", "2022-05-11T10:00", "２０２２-05-11",
])
def test_to_date_refuses(text: str) -> None:
    assert code_of(to_date, text) == "ongeldige-datum"


def test_non_text_passes_through_for_the_core_validator() -> None:
    for func in (to_date, to_bool, to_int, check_id, check_url, check_contact, check_bwb):
        assert func(None) is None
        assert func(["x"]) == ["x"]


@pytest.mark.parametrize("text, expected", [
    ("2025-03-12T10:00", datetime(2025, 3, 12, 10, 0)),
    ("2025-03-12 23:59", datetime(2025, 3, 12, 23, 59)),
    ("2025-03-12", date(2025, 3, 12)),
    # seconds ':00' and offsets mean one moment only; offsets become Dutch local time
    ("2027-02-10T14:00:00", datetime(2027, 2, 10, 14, 0)),
    ("2027-02-10T14:00:00+01:00", datetime(2027, 2, 10, 14, 0)),
    ("2027-02-10T13:00:00Z", datetime(2027, 2, 10, 14, 0)),
    ("2027-02-10T13:00z", datetime(2027, 2, 10, 14, 0)),
    ("2027-07-10T12:00Z", datetime(2027, 7, 10, 14, 0)),  # summer time
    ("2027-07-10T09:30-0400", datetime(2027, 7, 10, 15, 30)),
    ("2027-12-31T23:30:00Z", datetime(2028, 1, 1, 0, 30)),
])
def test_to_moment(text: str, expected: date) -> None:
    assert to_moment(text) == expected


@pytest.mark.parametrize("text", ["2025-03-12T24:00", "2025-03-12T10:60", "2025-02-30T10:00",
                                  "2025-03-12T10", "12 maart", "2025-03-12T10:00:30",
                                  "2025-03-12T10:00+25:00", "2025-03-12T10:00 CET"])
def test_to_moment_refuses(text: str) -> None:
    assert code_of(to_moment, text) == "ongeldige-datum"


def test_moment_refusals_say_why() -> None:
    with pytest.raises(PydanticCustomError) as caught:
        to_moment("2027-02-10T14:00:30")
    assert str(caught.value) == ("'2027-02-10T14:00:30' heeft seconden; de site toont uren en "
                                 "minuten (schrijf JJJJ-MM-DDTUU:MM)")
    with pytest.raises(PydanticCustomError) as caught:
        to_moment("2027-02-10T14:00+25:00")
    assert str(caught.value) == "'2027-02-10T14:00+25:00' heeft geen bestaande tijdzone"


def test_moment_is_one_error_not_one_per_union_member() -> None:
    class M(BaseModel):
        start: Moment

    for value, kind in ((None, "date_type"), (["x"], "date_type"), ("x", "ongeldige-datum")):
        with pytest.raises(ValidationError) as caught:
            M.model_validate({"start": value})
        assert [(e["type"], e["loc"]) for e in caught.value.errors()] == [(kind, ("start",))]
    assert M.model_validate({"start": date(2025, 1, 1)}).start == date(2025, 1, 1)


@pytest.mark.parametrize("text, expected", [
    ("true", True), ("True", True), ("ja", True), ("yes", True),
    ("false", False), ("nee", False), ("NO", False), (" no ", False),
])
def test_to_bool(text: str, expected: bool) -> None:
    assert to_bool(text) is expected


@pytest.mark.parametrize("text", ["misschien", "1", "on", ""])
def test_to_bool_refuses(text: str) -> None:
    assert code_of(to_bool, text) == "ongeldige-waarde"


@pytest.mark.parametrize("text, expected", [("0", 0), ("010", 10), ("0755", 755), (" 42 ", 42)])
def test_to_int_is_decimal(text: str, expected: int) -> None:
    assert to_int(text) == expected


@pytest.mark.parametrize("text", ["-1", "1.5", "0x10", "1e3", "١٢", "tien", ""])
def test_to_int_refuses(text: str) -> None:
    assert code_of(to_int, text) == "ongeldige-waarde"


def test_to_list() -> None:
    assert to_list(None) == []
    assert to_list("bzk") == ["bzk"]
    assert to_list(["a", "b"]) == ["a", "b"]


@pytest.mark.parametrize("text", ["a", "bzk", "een-thuis-2", "x" * 80, "2024"])
def test_check_id_accepts(text: str) -> None:
    assert check_id(f" {text} ") == text


@pytest.mark.parametrize("text", ["A", "a_b", "a--b", "-a", "a-", "é", "a b", "x" * 81, ""])
def test_check_id_refuses(text: str) -> None:
    assert code_of(check_id, text) == "ongeldig-id"


@pytest.mark.parametrize("url", [
    "https://www.example.nl/", "http://example.org/pad?q=1#kop", "https://example.nl:8443/x",
    "https://sub.domein.example.nl/a(b)", "https://8.8.8.8/", "https://[2001:4860:4860::8888]/",
])
def test_check_url_accepts_public_web_addresses(url: str) -> None:
    assert check_url(url) == url
    assert url_problem(url) == ""


@pytest.mark.parametrize("url, words", [
    ("javascript:alert(1)", "https://"), ("ftp://example.nl/", "https://"),
    ("mailto:a@example.nl", "https://"), ("//example.nl/", "https://"), ("www.example.nl", "https://"),
    ("https://gebruiker:geheim@example.nl/", "wachtwoord"), ("https://gebruiker@example.nl/", "wachtwoord"),
    ("http://10.0.0.1/", "openbaar"), ("http://192.168.1.1/", "openbaar"), ("http://127.0.0.1/", "openbaar"),
    ("http://169.254.169.254/latest", "openbaar"), ("http://[::1]/", "openbaar"),
    ("http://localhost:8000/", "openbaar"), ("http://intranet/", "openbaar"),
    ("http://printer.local/", "openbaar"), ("http://app.localhost/", "openbaar"),
    ("https://example.nl:99999/", "geen geldig"), ("https://exa mple.nl/", "spaties"),
    ("https:///pad", "domeinnaam"),
])
def test_check_url_refuses(url: str, words: str) -> None:
    with pytest.raises(PydanticCustomError) as caught:
        check_url(url)
    assert caught.value.type == "ongeldige-url"
    assert words in str(caught.value)


@pytest.mark.parametrize("text", ["info@example.nl", "voor.naam@sub.example.org", "https://www.example.nl/contact"])
def test_check_contact_accepts(text: str) -> None:
    assert check_contact(text) == text


@pytest.mark.parametrize("text, code", [
    ("bel ons", "ongeldige-waarde"), ("info@", "ongeldige-waarde"), ("ftp://x.nl", "ongeldige-waarde"),
    ("https://localhost/", "ongeldige-url"),
])
def test_check_contact_refuses(text: str, code: str) -> None:
    assert code_of(check_contact, text) == code


@pytest.mark.parametrize("text", ["BWBR0035303", "BWBV0001234"])
def test_check_bwb_accepts(text: str) -> None:
    assert check_bwb(text) == text


@pytest.mark.parametrize("text", ["BWB123", "bwbr0035303", "BWBR00353033", "BWBX0035303", ""])
def test_check_bwb_refuses(text: str) -> None:
    assert code_of(check_bwb, text) == "ongeldig-bwb-id"


# --- url_findings: what else is wrong with an acceptable address (issue 11) -------------------

LOOKALIKE = "https://rv\u043e.nl/subsidies"  # a Cyrillic о


def test_a_host_that_mixes_scripts_is_suspect() -> None:
    assert url_problem(LOOKALIKE) == ""
    assert url_findings(LOOKALIKE) == [(
        Severity.ERROR, "verdachte-host",
        "de domeinnaam 'rv\u043e.nl' mengt Cyrillische en Latijnse letters in 'rv\u043e'",
        "typ het adres zelf over met gewone letters; een domeinnaam met letters die op andere "
        "lijken, kan naar een nagemaakte site leiden")]


def test_a_punycode_host_is_judged_on_its_letters() -> None:
    [(severity, code, message, _)] = url_findings("https://www.xn--rv-jlc.nl/")
    assert (severity, code) == (Severity.ERROR, "verdachte-host")
    assert message == "de domeinnaam 'www.xn--rv-jlc.nl' mengt Cyrillische en Latijnse letters in 'дrv'"


@pytest.mark.parametrize("url", [
    "https://www.rijksoverheid.nl/", "https://пример.рф/", "https://münchen.de/",
    "https://例え.テスト/", "https://xn--mnchen-3ya.de/", "mailto:a@b.nl", "info@vng.nl", "",
])
def test_ordinary_hosts_have_no_findings(url: str) -> None:
    assert url_findings(url) == []


def test_http_is_a_warning() -> None:
    assert url_findings("http://www.rvo.nl/") == [(
        Severity.WARNING, "onveilige-verbinding",
        "het adres begint met http://, een verbinding zonder versleuteling", "gebruik https://")]
    assert [c for _, c, *_ in url_findings("HTTP://rv\u043e.nl")] == ["verdachte-host",
                                                                      "onveilige-verbinding"]
