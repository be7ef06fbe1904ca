# Symbiotic Nexus: `make demo` installs and runs the guided tour; `make test` runs the whole suite.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
ANVIL := node_modules/@foundry-rs/anvil-linux-amd64/bin/anvil

.PHONY: install demo test-deps test bench lint clean

$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e .
	touch $@

install: $(VENV)/.installed

demo: install
	$(BIN)/nexus demo

$(VENV)/.test-installed: $(VENV)/.installed
	$(BIN)/python -m pip install -q -e '.[test,bench,dev]'
	touch $@

$(ANVIL): package.json package-lock.json
	npm ci --no-audit --no-fund --silent
	touch $@

test-deps: $(VENV)/.test-installed $(ANVIL)

test: test-deps
	$(BIN)/python -m pytest -q

bench: test-deps
	$(BIN)/python benchmarks/bench_inprocess.py
	$(BIN)/python benchmarks/bench_rpc.py

lint: test-deps
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/mypy src

clean:
	rm -rf $(VENV) node_modules .pytest_cache
