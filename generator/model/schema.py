"""The JSON Schema of the front matter, for editors; derived from :mod:`generator.model.models`."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from generator.model.models import SOORTEN, GroupMeta, Organisation, PageMeta

SCHEMA_ID = "https://een-thuis-voor-iedereen.github.io/kennisplatform/api/frontmatter.schema.json"


def schema_for(model: type[BaseModel], title: str) -> dict[str, Any]:
    """The JSON Schema of one model, titled in Dutch."""
    schema = model.model_json_schema(mode="validation")
    schema["title"] = title
    properties = schema.get("properties", {})
    for name, prop in properties.items():
        properties[name] = _single_or_list(prop)
    return schema


def _single_or_list(prop: dict[str, Any]) -> dict[str, Any]:
    """A list field also takes one value (``organisatie: bzk``), as the validator does."""
    if prop.get("type") != "array" or "items" not in prop:
        return prop
    outer: dict[str, Any] = {key: prop.pop(key) for key in ("title", "description", "examples", "default")
             if key in prop}
    return {**outer, "anyOf": [prop["items"], prop]}


def build_schema() -> dict[str, Any]:
    """One document: a definition per soort, for groups, pages and organisations."""
    definitions = {folder: schema_for(s.model, s.label) for folder, s in SOORTEN.items()}
    definitions["doelgroep"] = schema_for(GroupMeta, "Doelgroep")
    definitions["pagina"] = schema_for(PageMeta, "Pagina")
    definitions["organisatie"] = schema_for(Organisation, "Organisatie")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "Front matter van het Kennisplatform Een thuis voor iedereen",
        "description": "Kies de definitie die past bij de map van het bestand "
                       "(content/<soort>/, groups/, content/paginas/).",
        "$defs": definitions,
    }
