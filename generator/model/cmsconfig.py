"""The editing screen's configuration (Decap CMS), derived from the one model declaration.

Input: the models in :mod:`generator.model.models` (through :data:`SOORTEN` and :class:`GroupMeta`)
and the choices that exist today (:class:`Choices`: groups, organisations, resources). Output:
a plain dict that :func:`render_cms_config` writes as YAML. Nothing here is written by hand per
field: the widget follows the field's type (the validator functions of
:mod:`generator.model.fieldtypes`), ``required`` follows the model, the help text is the field's
``description`` (the same text as the field reference), and lengths and patterns come from the
same constraints the validator checks. Only the *targets* of id fields (which registry an id
must exist in) are named here, in :data:`ID_TARGETS`; a test locks that every id field has one.
"""

from __future__ import annotations

import copy
import types
import typing
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, Literal

import annotated_types
import yaml
from pydantic import BaseModel
from pydantic.fields import FieldInfo
from pydantic_core import PydanticUndefined

from generator.model import fieldtypes as ft
from generator.model.models import SOORTEN, GroupMeta

FORMAT = "kennispunt"  # the custom format registered by theme/bewerken/kennispunt-bewerken.js
IdTarget = Literal["doelgroepen", "doelgroepen-zonder-alle", "organisaties", "bronnen"]
# Which registry an id field points at: the same rules as generator/load/rules.py checks.
ID_TARGETS: dict[str, IdTarget] = {
    "doelgroepen": "doelgroepen", "verwant": "doelgroepen-zonder-alle",
    "organisatie": "organisaties", "loket": "organisaties", "gerelateerd": "bronnen",
}
# Targets the form looks up live in another collection (Decap's relation widget), so a group
# added today can be chosen today. A relation searches one collection: resources live in nine
# and organisations in one list file, and 'doelgroepen' also allows 'alle', which is no file;
# those stay select lists of what existed at build time.
RELATIONS: dict[IdTarget, tuple[str, str]] = {"doelgroepen-zonder-alle": ("doelgroepen", "naam")}
LABELS = {  # Dutch labels where the key alone reads badly; otherwise the key, capitalised
    "bwb_id": "BWB-id", "in_werking": "In werking sinds", "aanvragen_tot": "Aanvragen tot en met",
    "gecontroleerd": "Gecontroleerd op", "datum": "Datum", "bron": "Bron (webadres)",
    "voor_gemeenten": "Voor gemeenten",
}
# Patterns with a Dutch hint, shown by the form before anything is saved. They mirror the
# validator's rules; the validator stays the judge (kennispunt check runs on every pull request).
URL_PATTERN = (r"^https?://[^\s/?#@]+\.[^\s/?#@]+([/?#]\S*)?$",
               "Een webadres dat begint met https:// (of http://), zonder spaties.")
CONTACT_PATTERN = (r"^(https?://[^\s/?#@]+\.[^\s/?#@]+([/?#]\S*)?|[^@\s]+@[^@\s]+\.[^@\s]+)$",
                   "Een webadres (https://…) of een e-mailadres (naam@voorbeeld.nl).")
BWB_PATTERN = (r"^BWB[RV]\d{7}$", "Een BWB-id: BWBR of BWBV met zeven cijfers, zoals BWBR0035303.")
ID_RULE = "kleine letters, cijfers en losse streepjes"


@dataclass(frozen=True, slots=True)
class Choices:
    """What an id field can point at today: (value, label) pairs, in display order."""

    groups: tuple[tuple[str, str], ...] = ()
    organisations: tuple[tuple[str, str], ...] = ()
    resources: tuple[tuple[str, str], ...] = ()

    def options(self, target: IdTarget) -> list[dict[str, str]]:
        pairs: Iterable[tuple[str, str]] = {
            "doelgroepen": (("alle", "Alle doelgroepen"), *self.groups),
            "doelgroepen-zonder-alle": self.groups,
            "organisaties": self.organisations, "bronnen": self.resources}[target]
        return [{"label": label, "value": value} for value, label in pairs]


@dataclass(frozen=True, slots=True)
class Backend:
    """Where the editing screen saves in production (see docs/bewerken.md)."""

    repo: str
    branch: str = "main"
    base_url: str | None = None  # the OAuth relay; None = Decap's default (Netlify)
    auth_endpoint: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def build_cms_config(choices: Choices, backend: Backend, site_url: str) -> dict[str, Any]:
    """The whole Decap configuration: backend, Dutch interface, one collection per kind."""
    collections = [_collection(folder, soort.label, soort.singular, f"content/{folder}",
                               soort.model, "titel", choices, soort.intro)
                   for folder, soort in SOORTEN.items()]
    collections.append(_collection("doelgroepen", "Doelgroepen", "Doelgroep", "groups",
                                   GroupMeta, "naam", choices,
                                   "De doelgroepen; de bestandsnaam is het id van de doelgroep."))
    return {
        "backend": _backend(backend),
        "publish_mode": "editorial_workflow",
        # Used only when the page itself is opened on localhost/127.0.0.1 (Decap checks the
        # host), so the published page never contacts a local proxy.
        "local_backend": True,
        "locale": "nl",
        "site_url": site_url,
        "display_url": site_url,
        "logo_url": "",
        "show_preview_links": False,
        # Decap requires a global media folder; every collection overrides it (images beside
        # the file), so nothing is ever written here by a collection.
        "media_folder": "content/paginas",
        "public_folder": "",
        "slug": {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"},
        "editor": {"preview": False},
        "collections": collections,
    }


_last_rendered: list[tuple[dict[str, Any], str]] = []  # the live preview asks for the same one again


def render_cms_config(config: dict[str, Any]) -> str:
    """The configuration as YAML (``config.yml`` beside the editing page)."""
    if _last_rendered and _last_rendered[0][0] == config:
        return _last_rendered[0][1]
    text = _dump_cms_config(config)
    _last_rendered[:] = [(config, text)]  # build_cms_config makes a new dict on every call
    return text


def _dump_cms_config(config: dict[str, Any]) -> str:
    header = ("# Gemaakt door kennispunt uit generator/model/models.py (generator/model/cmsconfig.py).\n"
              "# Pas dit bestand niet met de hand aan.\n")
    # libyaml's emitter: the same text as the pure-Python one, six times faster (2 MB at
    # 2,000 resources, where the select lists hold every resource).
    return header + yaml.dump(config, Dumper=yaml.CSafeDumper, allow_unicode=True, sort_keys=False,
                              width=100)


def _backend(backend: Backend) -> dict[str, Any]:
    out: dict[str, Any] = {
        "name": "github", "repo": backend.repo, "branch": backend.branch,
        "open_authoring": True, "always_fork": False, "auth_scope": "public_repo",
        "squash_merges": True, "cms_label_prefix": "bewerkscherm/",
        "commit_messages": {
            "create": "Nieuw in {{collection}}: {{slug}}",
            "update": "Bijgewerkt in {{collection}}: {{slug}}",
            "delete": "Verwijderd uit {{collection}}: {{slug}}",
            "uploadMedia": "Afbeelding toegevoegd: {{path}}",
            "deleteMedia": "Afbeelding verwijderd: {{path}}",
            "openAuthoring": "{{message}} (voorstel van {{author-login}})",
        },
    }
    if backend.base_url:
        out["base_url"] = backend.base_url
    if backend.auth_endpoint:
        out["auth_endpoint"] = backend.auth_endpoint
    return {**out, **backend.extra}


def _collection(name: str, label: str, singular: str, folder: str, model: type[BaseModel],
                identifier: str, choices: Choices, intro: str) -> dict[str, Any]:
    return {
        "name": name, "label": label, "label_singular": singular, "description": intro,
        "folder": folder, "extension": "md", "format": FORMAT, "create": True,
        "identifier_field": identifier,
        # The id rules: ASCII, lowercase, single hyphens (Decap's slug settings above), at
        # most 80 characters: the title is cut at 79 and a cut is marked by one hyphen, which
        # the slug cleaner then drops.
        "slug": "{{" + identifier + " | truncate(79, '-')}}",
        "summary": "{{" + identifier + "}}",
        "sortable_fields": [identifier, *(["datum"] if "datum" in model.model_fields else [])],
        # Images beside the file that uses them: content/<soort>/foto.png, linked as foto.png.
        "media_folder": "", "public_folder": "",
        "fields": [*(field_config(key, info, choices) for key, info in model.model_fields.items()),
                   _body_field(name)],
    }


def _body_field(collection: str) -> dict[str, Any]:
    hint = ("Elke stap begint met een kop van niveau 2 (## Stap); minstens twee stappen."
            if collection == "stappenplannen" else
            "De tekst van de pagina, in Markdown. Koppen beginnen met ## .")
    # Markdown only. Decap opens the first allowed mode unless the browser remembers another
    # (``cms.md-mode``, rich text by default), and its rich-text editor rewrites Markdown it
    # did not write itself: a file opened and saved would change lines nobody touched.
    return {"name": "body", "label": "Tekst", "widget": "markdown", "modes": ["raw"],
            "hint": hint, "required": False}


def field_config(name: str, info: FieldInfo, choices: Choices) -> dict[str, Any]:
    """One form field: label, hint, required, and the widget that matches the field's type."""
    out: dict[str, Any] = {"name": name, "label": LABELS.get(name, name.replace("_", " ").capitalize()),
                           "required": info.is_required()}
    if info.description:
        out["hint"] = info.description
    out.update(_widget(name, info, choices))
    extra = out.pop("hint_extra", "")
    if extra:
        out["hint"] = f"{out.get('hint', '')} {extra}".strip()
    if not info.is_required() and info.default not in (None, PydanticUndefined) and \
            "default" not in out:
        out["default"] = info.default
    return out


def _widget(name: str, info: FieldInfo, choices: Choices) -> dict[str, Any]:
    inner, is_list = _unwrap(info.annotation)
    funcs = _validators(info.metadata) | _validators_of(inner)
    if name in ID_TARGETS:
        target = ID_TARGETS[name]
        if target in RELATIONS:
            return _relation(RELATIONS[target], is_list, info)
        return _select(choices.options(target), is_list, info)
    literal = _literal_values(inner)
    if literal:
        return _select([{"label": v, "value": v} for v in literal], False, info)
    if is_list:
        return {"widget": "list", "allow_add": True, "default": [],
                "hint_extra": "Meerdere waarden scheidt u met een komma."}
    return _scalar_widget(funcs, info)


_SCALARS: dict[Callable[..., Any], dict[str, Any]] = {
    ft.to_date: {"widget": "datetime", "format": "YYYY-MM-DD", "date_format": "YYYY-MM-DD",
                 "time_format": False, "picker_utc": False},
    ft.to_moment: {"widget": "datetime", "format": "YYYY-MM-DDTHH:mm", "date_format": "YYYY-MM-DD",
                   "time_format": "HH:mm", "picker_utc": False},
    ft.to_bool: {"widget": "boolean"},
    ft.to_int: {"widget": "number", "value_type": "int", "min": 0, "max": 9999},
    ft.check_url: {"widget": "string", "pattern": list(URL_PATTERN)},
    ft.check_contact: {"widget": "string", "pattern": list(CONTACT_PATTERN)},
    ft.check_bwb: {"widget": "string", "pattern": list(BWB_PATTERN)},
    ft.check_id: {"widget": "string", "pattern": [ft.ID_PATTERN, f"Een id: {ID_RULE}."]},
}


def _scalar_widget(funcs: set[Callable[..., Any]], info: FieldInfo) -> dict[str, Any]:
    for func, widget in _SCALARS.items():
        if func in funcs:
            return copy.deepcopy(widget)  # a fresh copy: shared lists become YAML aliases
    low, high = _lengths(info.metadata)
    kind = "text" if high and high > 150 else "string"
    if low or high:
        # One line (a value in the front matter), with the validator's length limits.
        hint = f"Tussen {low or 1} en {high} tekens, op één regel." if high else \
            f"Minstens {low} tekens, op één regel."
        return {"widget": kind, "pattern": [f"^[^\\n]{{{low or 1},{high or ''}}}$", hint]}
    return {"widget": kind}


def _select(options: list[dict[str, str]], multiple: bool, info: FieldInfo) -> dict[str, Any]:
    out: dict[str, Any] = {"widget": "select", "options": options, "multiple": multiple}
    low, _ = _lengths(info.metadata)
    if multiple and low:
        out["min"] = low
    return out


def _relation(target: tuple[str, str], multiple: bool, info: FieldInfo) -> dict[str, Any]:
    collection, label_field = target
    out: dict[str, Any] = {"widget": "relation", "collection": collection,
                           "value_field": "{{slug}}", "search_fields": [label_field],
                           "display_fields": [label_field], "multiple": multiple,
                           "options_length": 100}
    low, _ = _lengths(info.metadata)
    if multiple and low:
        out["min"] = low
    return out


def _unwrap(annotation: Any) -> tuple[Any, bool]:
    """The annotation without ``| None``, and whether it is a list (then its item type)."""
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        annotation = args[0] if len(args) == 1 else annotation
    if typing.get_origin(annotation) is list:
        return typing.get_args(annotation)[0], True
    return annotation, False


def _validators(metadata: Iterable[Any]) -> set[Callable[..., Any]]:
    return {m.func for m in metadata if callable(getattr(m, "func", None))}


def _validators_of(annotation: Any) -> set[Callable[..., Any]]:
    if typing.get_origin(annotation) is typing.Annotated:
        return _validators(annotation.__metadata__)
    return set()


def _literal_values(annotation: Any) -> tuple[str, ...]:
    if typing.get_origin(annotation) is Literal:
        return tuple(str(v) for v in typing.get_args(annotation))
    return ()


def _lengths(metadata: Iterable[Any]) -> tuple[int | None, int | None]:
    low = high = None
    for item in metadata:
        if isinstance(item, annotated_types.MinLen):
            low = item.min_length
        elif isinstance(item, annotated_types.MaxLen):
            high = item.max_length
    return low, high
