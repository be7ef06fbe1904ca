# Symbiotic Nexus: `make demo` installs and runs the guided tour; `make test` runs the whole suite.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
ANVIL := node_modules/@foundry-rs/anvil-linux-amd64/bin/anvil

.PHONY: install demo test-deps chromium web-vendor test bench lint clean
# Browser tests use Debian's chromium; nothing may download a browser.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD := 1

$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[ml]'
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

# Browser tests drive Debian's chromium (playwright-core from package.json). Installs it when
# missing and running as root (CI); elsewhere prints the command and the e2e tests skip.
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; \
	  else echo "note: chromium is missing (sudo apt-get install chromium); e2e tests will skip"; fi; }

# Re-copy the dashboard's vendored npm assets (committed; only needed after a version bump).
web-vendor:
	npm ci --no-audit --no-fund --silent && npm run -s vendor-web

test-deps: $(VENV)/.test-installed $(ANVIL) chromium

test: test-deps
	$(BIN)/python -m pytest -q

# Every figure in README (long: tens of minutes on 2 cores; the 2 GB fingerprint set is generated).
BENCHES := inprocess rpc ledger ledger_gas fingerprint guard guard_fraud guard_throughput oracle \
	markets scan_smartbugs api
bench: test-deps
	for b in $(BENCHES); do $(BIN)/python benchmarks/bench_$$b.py || exit 1; done

lint: test-deps
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/mypy src

clean:
	rm -rf $(VENV) node_modules .pytest_cache
