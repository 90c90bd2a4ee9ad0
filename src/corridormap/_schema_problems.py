"""How a schema error reads: the file, feature or country, the field, the problem and its fix.

A ``_private`` module whose names are its interface inside the package: :func:`schema_problems`
checks one document against its JSON Schema in ``corridormap/schemas/``; :func:`where`, :func:`shown`
and :func:`name_of` word the parts of every validation message.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

if TYPE_CHECKING:
    import jsonschema

__all__ = ["SCHEMA_DIR", "Document", "name_of", "schema_problems", "shown", "where"]

#: The JSON Schemas every data file is checked against.
SCHEMA_DIR = Path(__file__).parent / "schemas"
_SCHEMA_FILES = {
    "corridor": "corridor.schema.json",
    "nodes": "nodes.schema.json",
    "sources": "sources.schema.json",
    "relations": "relations.schema.json",
    "links": "network.schema.json",
    "params": "params.schema.json",
}
_PATTERN_FIXES = {
    "^[0-9]{4}-[0-9]{2}$": "write the fiscal year as YYYY-YY, e.g. 2024-25",
    "[0-9]{4}": "write the date as YYYY, YYYY-MM or YYYY-MM-DD",
    "[a-z0-9][a-z0-9_-]*": "use lowercase letters, digits, '-' and '_'",
    "[A-Z0-9][A-Z0-9-]*": "use upper-case letters, digits and '-'",
    "[A-Z]{3}": "use an ISO 3166-1 alpha-3 code such as PAK",
    "https?://": "give a full http(s) URL",
}


@dataclass
class Document:
    """One data file as read: its kind (corridor, nodes, sources, relations, links, params), label, content.

    ``content`` is None when the file could not be read.
    """

    kind: str
    label: str
    content: Any


@cache
def _validator(kind: str) -> jsonschema.Draft202012Validator:
    import jsonschema  # only when validating: it costs a sixth of a second to import

    schema = json.loads((SCHEMA_DIR / _SCHEMA_FILES[kind]).read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(_inline_refs(schema, schema.get("$defs", {})))


def _inline_refs(node: Any, defs: dict[str, Any]) -> Any:
    """The schema with every local ``$ref`` replaced by its definition: the same checks, a third faster.

    Examples
    --------
    >>> _inline_refs({"items": {"$ref": "#/$defs/id"}}, {"id": {"type": "string"}})
    {'items': {'type': 'string'}}
    """
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/$defs/"):
            target = _inline_refs(defs[ref.removeprefix("#/$defs/")], defs)
            others = {k: v for k, v in node.items() if k != "$ref"}
            if set(others) <= {"description", "title", "$comment"}:  # annotations only: merge them in
                return {**target, **others}
            return {"allOf": [target], **_inline_refs(others, defs)}
        return {k: _inline_refs(v, defs) for k, v in node.items() if k != "$defs"}
    if isinstance(node, list):
        return [_inline_refs(v, defs) for v in node]
    return node


def shown(value: object, limit: int = 60) -> str:
    r"""A value as a message shows it: one line, at most about ``limit`` characters.

    Examples
    --------
    >>> print(shown("a\nb"), shown("x" * 100, limit=10))
    'a\nb' 'xxxxxxxx…
    """
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def name_of(value: object) -> str:
    """An id or code as a message names it: as written if short and printable, else :func:`shown`."""
    text = str(value)
    return text if text.isprintable() and len(text) <= 60 else shown(value)


def where(file: Document, path: list[Any]) -> tuple[str, str]:
    """Split a JSON path into the message prefix (file, feature) and the field name."""
    content = file.content
    if len(path) >= 2 and path[0] == "features" and isinstance(path[1], int):
        features = content.get("features", []) if isinstance(content, dict) else []
        feature = features[path[1]] if path[1] < len(features) else {}
        fid = feature.get("id") if isinstance(feature, dict) else None
        prefix = f"{file.label}: feature {path[1]}" + (f" ({name_of(fid)})" if fid else "")
        rest = path[2:]
    elif len(path) >= 2 and path[0] == "countries" and isinstance(path[1], int):
        countries = content.get("countries", []) if isinstance(content, dict) else []
        entry = countries[path[1]] if path[1] < len(countries) else {}
        iso3 = entry.get("iso3") if isinstance(entry, dict) else None
        prefix = f"{file.label}: country {path[1]}" + (f" ({name_of(iso3)})" if iso3 else "")
        rest = path[2:]
    else:
        prefix, rest = file.label, path
    field = ""
    for part in rest:
        field += f"[{part}]" if isinstance(part, int) else (f".{part}" if field else str(part))
    return prefix, field or "(top level)"


def _describe(error: jsonschema.ValidationError) -> str:
    """A schema error as 'problem — how to fix'."""
    if error.validator in ("oneOf", "anyOf") and error.context:
        from jsonschema.exceptions import best_match  # at run time: the module-level import is for types only

        shaped = [e for e in error.context if e.validator != "type"]  # branches whose type the value has
        if not shaped:
            types = " or ".join(str(e.validator_value) for e in error.context)
            return f"{shown(error.instance)} is not of type {types} — write it as {types}"
        error = best_match(shaped)
    v, value = error.validator, cast("Any", error.validator_value)
    if v == "required":
        missing = error.message.split("'")[1] if "'" in error.message else error.message
        return f"missing required property '{missing}' — add it (see the schema in corridormap/schemas/)"
    if v == "additionalProperties":
        schema = error.schema if isinstance(error.schema, dict) else {}
        allowed = ", ".join(sorted(schema.get("properties", {})))
        return f"{_brief(error)} — remove it or fix its spelling (allowed: {allowed})"
    if v == "enum":
        return f"{shown(error.instance)} is not allowed — use one of: {', '.join(map(str, value))}"
    if v == "const":
        return f"{shown(error.instance)} should be {value!r} — write {value!r}"
    if v == "type":
        return f"{shown(error.instance)} is not of type {value} — write it as {value}"
    if v == "pattern":
        fix = next((f for key, f in _PATTERN_FIXES.items() if key in value), f"match {value}")
        return f"{shown(error.instance)} is malformed — {fix}"
    if v in ("minItems", "maxItems", "minLength"):
        return f"{_brief(error)} — {v} is {value}"
    return f"{_brief(error)} — see the schema in corridormap/schemas/"


def _brief(error: jsonschema.ValidationError) -> str:
    """jsonschema's message, or where it would quote a long value, the same with the value shortened."""
    if len(error.message) <= 120:
        return error.message
    return error.message.replace(repr(error.instance), shown(error.instance))[:200]


def schema_problems(file: Document) -> list[str]:
    problems = []
    for error in sorted(_validator(file.kind).iter_errors(file.content), key=lambda e: list(map(str, e.path))):
        prefix, field = where(file, list(error.path))
        problems.append(f"{prefix}: {field}: {_describe(error)}")
    return problems
