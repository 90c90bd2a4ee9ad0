"""The notebooks in notebooks/ run top to bottom without error, and are committed clean.

Each notebook is executed with nbclient in a fresh ``python3`` kernel. The venv's
kernelspec runs ``python -m ipykernel_launcher``; jupyter_client replaces a bare
``python`` with the interpreter running the tests, so the kernel imports the same
installed corridormap (``test_kernel_runs_this_interpreter`` checks that).
"""

from __future__ import annotations

import re
import sys
import time
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

NOTEBOOKS_DIR = Path(__file__).resolve().parents[1] / "notebooks"
NOTEBOOKS = sorted(NOTEBOOKS_DIR.glob("*.ipynb"))
TIME_LIMIT_S = 60  # each notebook, kernel start included
CELL_TIMEOUT_S = 120

# Notebooks show the public API only: `import corridormap as cm`, no private names.
PRIVATE_USE = re.compile(r"\bcm\._|\bcorridormap\._|\bfrom\s+corridormap[\s.]|\bimport\s+corridormap\.")


def _client(nb: nbformat.NotebookNode) -> NotebookClient:
    return NotebookClient(
        nb,
        timeout=CELL_TIMEOUT_S,
        kernel_name="python3",
        resources={"metadata": {"path": str(NOTEBOOKS_DIR)}},
    )


@pytest.fixture
def agg_backend(monkeypatch: pytest.MonkeyPatch) -> None:
    """Headless matplotlib in the kernel (which inherits this environment)."""
    monkeypatch.setenv("MPLBACKEND", "Agg")


def test_notebooks_exist() -> None:
    assert NOTEBOOKS, f"no notebooks found in {NOTEBOOKS_DIR}"


@pytest.mark.usefixtures("agg_backend")
def test_kernel_runs_this_interpreter() -> None:
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("import sys; print(sys.executable)")])
    _client(nb).execute()
    printed = "".join(o.get("text", "") for o in nb.cells[0].outputs).strip()
    assert Path(printed).resolve() == Path(sys.executable).resolve()


@pytest.mark.usefixtures("agg_backend")
@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_notebook_runs(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    start = time.perf_counter()
    _client(nb).execute()  # raises CellExecutionError, with the traceback, on the first failing cell
    elapsed = time.perf_counter() - start
    errors = [o for cell in nb.cells if cell.cell_type == "code" for o in cell.outputs if o.output_type == "error"]
    assert not errors
    assert elapsed < TIME_LIMIT_S, f"{path.name} took {elapsed:.1f} s (limit {TIME_LIMIT_S} s)"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_notebook_committed_clean(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    assert nb.nbformat == 4
    dirty = [
        i
        for i, cell in enumerate(nb.cells)
        if cell.cell_type == "code" and (cell.outputs or cell.execution_count is not None)
    ]
    assert not dirty, (
        f"{path.name}: code cells {dirty} have outputs or execution counts — "
        f"clear them: jupyter nbconvert --clear-output --inplace {path}"
    )


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_notebook_uses_public_api_only(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    private = [
        f"cell {i}: {line.strip()}"
        for i, cell in enumerate(nb.cells)
        if cell.cell_type == "code"
        for line in cell.source.splitlines()
        if PRIVATE_USE.search(line)
    ]
    assert not private, f"{path.name} reaches past `import corridormap as cm`:\n" + "\n".join(private)
