"""The package's shape: small modules, no import cycle, no private name imported across modules.

Read from the source with :mod:`ast`, so a rule broken anywhere in ``src/corridormap`` fails here.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "corridormap"
MAX_LINES = 400


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _is_package(name: str) -> bool:
    return MODULES[name].name == "__init__.py"


def _resolve(module: str, node: ast.ImportFrom) -> str | None:
    """The absolute module an ``from ... import`` names, or None if it is outside the package."""
    if node.level == 0:
        return node.module if node.module and node.module.split(".")[0] == "corridormap" else None
    base = module.split(".") if _is_package(module) else module.split(".")[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join([*base, *([node.module] if node.module else [])])


def _type_checking_only(tree: ast.Module) -> set[int]:
    """Line numbers of imports under ``if TYPE_CHECKING:`` (never run, so no cycle)."""
    lines = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            lines |= {n.lineno for child in node.body for n in ast.walk(child) if hasattr(n, "lineno")}
    return lines


def _imports(module: str, source: str | None = None) -> list[tuple[str, str | None, int]]:
    """(imported module, imported name or None, line) for every import of a package module in ``module``."""
    tree = ast.parse(MODULES[module].read_text(encoding="utf-8") if source is None else source)
    skip = _type_checking_only(tree)
    found: list[tuple[str, str | None, int]] = []
    for node in ast.walk(tree):
        if getattr(node, "lineno", None) in skip:
            continue
        if isinstance(node, ast.Import):
            found += [(a.name, None, node.lineno) for a in node.names if a.name.split(".")[0] == "corridormap"]
        elif isinstance(node, ast.ImportFrom) and (target := _resolve(module, node)) is not None:
            for alias in node.names:
                submodule = f"{target}.{alias.name}"
                found.append(
                    (submodule, None, node.lineno) if submodule in MODULES else (target, alias.name, node.lineno)
                )
    return found


def test_the_checks_see_every_module() -> None:
    assert {"corridormap", "corridormap.maps", "corridormap.maps.style", "corridormap.validation"} <= set(MODULES)
    source = (
        "from .. import formatting\nfrom ..data import _private, public\nif TYPE_CHECKING:\n    from .build import x\n"
    )
    assert [(t, n) for t, n, _ in _imports("corridormap.maps.popups", source)] == [
        ("corridormap.formatting", None),
        ("corridormap.data", "_private"),
        ("corridormap.data", "public"),
    ]


@pytest.mark.parametrize("module", sorted(MODULES))
def test_module_is_small(module: str) -> None:
    lines = len(MODULES[module].read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{MODULES[module].name} has {lines} lines: split it by topic (limit {MAX_LINES})"


def test_no_private_name_is_imported_from_another_module() -> None:
    """Shared names are public (documented, no underscore) or live in a ``_private`` module whose names are its interface."""
    private = [
        f"{MODULES[module].relative_to(PACKAGE.parent)}:{line}: {name} from {target}"
        for module in MODULES
        for target, name, line in _imports(module)
        if name is not None and name.startswith("_") and not name.startswith("__")
    ]
    assert not private, "private names imported across modules:\n" + "\n".join(private)


def test_no_import_cycle() -> None:
    graph = {m: sorted({t for t, _, _ in _imports(m) if t in MODULES and t != m}) for m in MODULES}
    state: dict[str, int] = {}  # 1 visiting, 2 done

    def visit(module: str, path: list[str]) -> None:
        state[module] = 1
        for target in graph[module]:
            if state.get(target) == 1:
                cycle = [*path[path.index(target) :], target]
                pytest.fail("import cycle: " + " -> ".join(cycle))
            if target not in state:
                visit(target, [*path, target])
        state[module] = 2

    for module in graph:
        if module not in state:
            visit(module, [module])
