# Two commands do all the set-up on a fresh machine with python3 >= 3.11:
#   make maps   builds every map into maps/ (the main job)
#   make test   runs the whole test suite
# and, the same way: make exports (the data as GeoPackage), make figures (print-ready PNGs)
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: maps exports figures test lint clean

maps: $(VENV)/.installed
	$(BIN)/corridormap build --out maps

exports: $(VENV)/.installed
	$(BIN)/corridormap export --format gpkg --out exports

figures: $(VENV)/.installed
	$(BIN)/corridormap figure --format png --out figures

test: $(VENV)/.installed
	$(BIN)/python -m pytest

lint: $(VENV)/.installed
	$(BIN)/ruff check . && $(BIN)/ruff format --check . && $(BIN)/mypy

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11) and "corridormap needs Python >= 3.11")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $@

clean:
	rm -rf $(VENV) .cache maps/*.html maps/data exports figures
