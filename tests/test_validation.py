"""Validation never crashes: every leaf of every data file, mutated every way, gives problems in the documented form.

The fuzz loop is exhaustive, not sampled: each leaf (a value that is not an object or
array, or an empty one) of corridors, nodes, sources, relations and the network's links
and parameters gets each of
:data:`MUTATIONS`, and each object an extra key. To keep each check small, the document is
pruned around the mutated leaf first: every array keeps its first two elements (a line its first
and last vertex) and the element on the leaf's path, and the nodes and sources it cites come
along. The pruned documents go through :func:`corridormap.validation.check_documents`, the
checks :func:`corridormap.validate` runs once it has read the files (reading itself is tested
with the fixtures and the CLI tests on broken folders).
"""

from __future__ import annotations

import copy
import functools
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jsonschema
import pytest

import corridormap as cm
from corridormap.validation import Document, check_documents

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

GEODATA = Path(__file__).resolve().parents[1] / "geodata"
SCHEMAS = GEODATA.parent / "src" / "corridormap" / "schemas"
FIXTURES = GEODATA.parent / "tests" / "fixtures" / "relations"

HOSTILE = "<script>alert(1)</script> ${x} {{ 7*7 }} `x` \u202e\x00\n" + "ж" * 5000
#: Each mutation of a leaf value, by name.
MUTATIONS: dict[str, Callable[[Any], Any]] = {
    "wrong type": lambda v: 12345 if isinstance(v, str) else "wrong type",
    "null": lambda v: None,
    "empty": lambda v: "",
    "hostile text": lambda v: HOSTILE,
    "out-of-range number": lambda v: -1e308,
    "malformed date": lambda v: "2024-13-45",
}
EXTRA_KEY = "zz_unexpected"
KIND_OF = {"nodes.geojson": "nodes", "sources.json": "sources", "relations.json": "relations"}
KIND_OF |= {"links.geojson": "links", "params.json": "params"}
SCHEMA_OF = {"links": "network"}  # the schema file of a kind, where it is not named after it
DATA_FILES = [
    *(f"corridors/{p.name}" for p in sorted((GEODATA / "corridors").glob("*.geojson"))),
    "nodes.geojson",
    "sources.json",
    "relations.json",
    "network/links.geojson",
    "network/params.json",
]

JsonPath = tuple[str | int, ...]


def _kind(name: str) -> str:
    return KIND_OF.get(name.split("/")[-1], "corridor")


def _leaves(node: Any, path: JsonPath = ()) -> Iterator[JsonPath]:
    if isinstance(node, dict) and node:
        for key, value in node.items():
            yield from _leaves(value, (*path, key))
    elif isinstance(node, list) and node:
        for i, value in enumerate(node):
            yield from _leaves(value, (*path, i))
    else:
        yield path


def _objects(node: Any, path: JsonPath = ()) -> Iterator[JsonPath]:
    if isinstance(node, dict):
        yield path
        for key, value in node.items():
            yield from _objects(value, (*path, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _objects(value, (*path, i))


def _is_line(node: list[Any]) -> bool:
    return all(isinstance(p, list) and p and all(isinstance(c, int | float) for c in p) for p in node)


def _prune(node: Any, path: JsonPath) -> tuple[Any, JsonPath]:
    """``node`` with each array cut to its first two elements (a line to its ends) and the one on ``path``."""
    if isinstance(node, dict):
        pruned, inner = {}, path
        for key, value in node.items():
            on_path = bool(path) and path[0] == key
            pruned[key], sub = _prune(value, path[1:] if on_path else ())
            if on_path:
                inner = (key, *sub)
        return pruned, inner
    if isinstance(node, list) and node and not all(isinstance(c, int | float) for c in node):  # positions stay whole
        keep = {0, len(node) - 1} if _is_line(node) else {0, min(1, len(node) - 1)}  # schemas ask for up to 2
        if path and isinstance(path[0], int):
            keep.add(path[0])
        order = sorted(keep)
        pruned_items, inner = [], path
        for i in order:
            on_path = bool(path) and path[0] == i
            item, sub = _prune(node[i], path[1:] if on_path else ())
            pruned_items.append(item)
            if on_path:
                inner = (order.index(i), *sub)
        return pruned_items, inner
    return node, path


def _get(node: Any, path: JsonPath) -> Any:
    for part in path:
        node = node[part]
    return node


def _set(node: Any, path: JsonPath, value: Any) -> Any:
    if not path:
        return value
    node = copy.deepcopy(node)
    _get(node, path[:-1])[path[-1]] = value
    return node


def _cited(node: Any) -> set[str]:
    if isinstance(node, dict):
        found: set[str] = set()
        for key, value in node.items():
            found |= (
                {s for s in value if isinstance(s, str)}
                if key == "sources" and isinstance(value, list)
                else _cited(value)
            )
        return found
    return set().union(*map(_cited, node)) if isinstance(node, list) and node else set()


@functools.cache
def _real(name: str) -> Any:
    return json.loads((GEODATA / name).read_text(encoding="utf-8"))


def _companions(name: str, doc: Any) -> list[Document]:
    """The real nodes and sources the pruned ``doc`` refers to, as documents."""
    kind = _kind(name)
    nodes = None
    if kind in ("corridor", "links"):
        wanted = {
            n
            for f in doc["features"]
            for n in (f["properties"]["start"], f["properties"]["end"], *f["properties"]["waypoints"])
        }
        all_nodes = _real("nodes.geojson")
        nodes = {**all_nodes, "features": [n for n in all_nodes["features"] if n["id"] in wanted]}
    companions = [Document("nodes", "nodes.geojson", nodes)] if nodes else []
    if kind != "sources":
        cited = _cited(doc) | _cited(nodes)
        companions.append(
            Document("sources", "sources.json", {k: v for k, v in _real("sources.json").items() if k in cited})
        )
    return companions


@functools.cache
def _validator(kind: str) -> jsonschema.Draft202012Validator:
    schema = json.loads((SCHEMAS / f"{SCHEMA_OF.get(kind, kind)}.schema.json").read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(schema)


def _assert_documented(problems: list[str], labels: set[str]) -> None:
    """Each problem one line ``file: [feature N (id): ]field: problem — fix``, short, none twice."""
    assert len(problems) == len(set(problems)), "the same problem reported twice"
    for problem in problems:
        label = next((lab for lab in labels if problem.startswith(f"{lab}: ")), None)
        assert label, f"names no file: {problem[:300]!r}"
        said = problem[len(label) + 2 :]
        assert "\n" not in said and "\x00" not in said and " — " in said, f"not one documented line: {said[:300]!r}"
        assert len(said) <= 400, f"{len(said)} characters: {said[:300]!r}"


@pytest.mark.parametrize("name", DATA_FILES)
def test_every_mutation_of_every_leaf_gives_documented_problems(
    name: str, record_property: Callable[[str, object], None]
) -> None:
    kind = _kind(name)
    real = _real(name)
    sites = [(path, list(MUTATIONS)) for path in _leaves(real)] + [(path, [EXTRA_KEY]) for path in _objects(real)]
    baselines: dict[str, tuple[set[str], list[Document]]] = {}
    tried = 0
    for path, mutations in sites:
        doc, inner = _prune(real, path)
        key = json.dumps(doc, sort_keys=True)
        if key not in baselines:
            companions = _companions(name, doc)
            baseline = check_documents([Document(kind, name, doc), *companions])
            assert _validator(kind).is_valid(doc), (name, path, baseline[:3])  # pruning keeps the document valid
            baselines[key] = (set(baseline), companions)
        before, companions = baselines[key]
        value = _get(doc, inner)
        for mutation in mutations:
            new_value = {**value, EXTRA_KEY: HOSTILE} if mutation == EXTRA_KEY else MUTATIONS[mutation](value)
            mutated = _set(doc, inner, new_value)
            problems = check_documents([Document(kind, name, mutated), *companions])  # must not raise
            tried += 1
            _assert_documented(problems, {name, "nodes.geojson", "sources.json"})
            if not _validator(kind).is_valid(mutated):
                new = set(problems) - before
                assert any(p.startswith(f"{name}: ") for p in new), (name, path, mutation, problems[:3])
    record_property("mutations", tried)
    assert tried == sum(len(m) for _, m in sites) > 100


@pytest.mark.parametrize(
    ("case", "expected"),
    [
        (
            "fiscal_year_not_normalised",
            "country 0 (AZE): trade.fiscal_year: '2024' is malformed — write the fiscal year as YYYY-YY, e.g. 2024-25",
        ),
        (
            "fiscal_year_number",
            "country 0 (AZE): trade.fiscal_year: 2024 is not of type string or null — write it as string or null",
        ),
        (
            "agency_vocabulary",
            "country 0 (AZE): trade.agency_id: 'state_bank' is not allowed — use one of: ministry_of_commerce, fbr",
        ),
        (
            "visit_direction",
            "country 0 (AZE): visits[0].direction: 'inbound' is not allowed — use one of: to_pakistan, from_pakistan",
        ),
        (
            "malformed_date",
            "country 0 (AZE): visits[0].date_start: '2024-13-45' is malformed — write the date as YYYY, YYYY-MM or YYYY-MM-DD",
        ),
        (
            "missing_trade",
            "country 0 (AZE): (top level): missing required property 'trade' — add it (see the schema in corridormap/schemas/)",
        ),
        (
            "undefined_source",
            "country 0 (AZE): trade.sources: source 'nowhere-2020' is not defined — add it to sources.json or fix the id",
        ),
        (
            "invalid_json",
            "line 3 column 1: invalid JSON: Expecting value — fix the syntax there",
        ),
    ],
)
def test_relations_fixture(case: str, expected: str) -> None:
    path = FIXTURES / case / "relations.json"
    assert cm.validate([path]) == [f"{path}: {expected}"]


def test_relations_fixtures_are_the_real_file_with_one_change() -> None:
    """Each fixture is relations.json cut to its first country, with exactly the change its name says."""
    real = _real("relations.json")
    base = {**real, "countries": real["countries"][:1]}
    assert cm.validate([FIXTURES / "valid" / "relations.json"]) == []
    assert json.loads((FIXTURES / "valid" / "relations.json").read_text(encoding="utf-8")) == base
