"""The one declaration of the content model: field types and models per kind, and what is
derived from them (JSON Schema, field reference, scaffold)."""
