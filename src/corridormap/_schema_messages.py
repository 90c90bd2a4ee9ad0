"""Schema errors as one line each: 'problem — how to fix'.

A ``_private`` module whose names are its interface inside the package.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

if TYPE_CHECKING:
    import jsonschema

__all__ = ["PATTERN_FIXES", "describe"]

#: How to fix a value that does not match a schema pattern, by a part of the pattern.
PATTERN_FIXES = {
    "^[0-9]{4}-[0-9]{2}$": "write the fiscal year as YYYY-YY, e.g. 2024-25",
    "[0-9]{4}": "write the date as YYYY, YYYY-MM or YYYY-MM-DD",
    "[a-z0-9][a-z0-9_-]*": "use lowercase letters, digits, '-' and '_'",
    "[A-Z0-9][A-Z0-9-]*": "use upper-case letters, digits and '-'",
    "[A-Z]{3}": "use an ISO 3166-1 alpha-3 code such as PAK",
    "https?://": "give a full http(s) URL",
}


def describe(error: jsonschema.ValidationError) -> str:
    """A schema error as 'problem — how to fix'."""
    if error.validator in ("oneOf", "anyOf") and error.context:
        from jsonschema.exceptions import best_match  # at run time: the module-level import is for types only

        shaped = [e for e in error.context if e.validator != "type"]  # branches whose type the value has
        if not shaped:
            types = " or ".join(str(e.validator_value) for e in error.context)
            return f"{error.instance!r} is not of type {types} — write it as {types}"
        error = best_match(shaped)
    v, value = error.validator, cast("Any", error.validator_value)
    if v == "required":
        missing = error.message.split("'")[1] if "'" in error.message else error.message
        return f"missing required property '{missing}' — add it (see the schema in corridormap/schemas/)"
    if v == "additionalProperties":
        schema = error.schema if isinstance(error.schema, dict) else {}
        allowed = ", ".join(sorted(schema.get("properties", {})))
        return f"{error.message} — remove it or fix its spelling (allowed: {allowed})"
    if v == "enum":
        return f"{error.instance!r} is not allowed — use one of: {', '.join(map(str, value))}"
    if v == "const":
        return f"{error.instance!r} should be {value!r} — write {value!r}"
    if v == "type":
        return f"{error.instance!r} is not of type {value} — write it as {value}"
    if v == "pattern":
        fix = next((f for key, f in PATTERN_FIXES.items() if key in value), f"match {value}")
        return f"{error.instance!r} is malformed — {fix}"
    if v in ("minItems", "maxItems", "minLength"):
        return f"{error.message} — {v} is {value}"
    return f"{error.message} — see the schema in corridormap/schemas/"
