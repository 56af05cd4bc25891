# `make run` and `make test` are all a new user needs: both build .venv on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint check eval bench load soak clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/python bot.py run

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m pytest -q

check: $(STAMP)
	$(BIN)/python bot.py check

eval: $(STAMP)
	$(BIN)/python bot.py eval

bench: $(STAMP)
	$(BIN)/python benchmarks/matcher.py
	$(BIN)/python benchmarks/cold_start.py

load: $(STAMP)
	$(BIN)/python benchmarks/load_test.py

soak: $(STAMP)
	$(BIN)/python benchmarks/soak.py

clean:
	rm -rf $(VENV) build *.egg-info
