# Symbiotic Nexus: `make demo` installs and runs the guided tour; `make test` lints, then runs the whole suite.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
ANVIL := node_modules/@foundry-rs/anvil-linux-amd64/bin/anvil
ESLINT := node_modules/.bin/eslint
NODE_DEPS := node_modules/.installed

.PHONY: install demo test-deps chromium postgres web-vendor test bench lint clean
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

# npm tools (anvil, eslint, playwright-core, solc-js), exactly as package-lock.json pins them
$(NODE_DEPS): package.json package-lock.json
	npm ci --no-audit --no-fund --silent
	touch $@

$(ANVIL) $(ESLINT): $(NODE_DEPS)
	@test -x $@ || { echo "$@ is missing after npm ci" >&2; exit 1; }

# Browser tests drive Debian's chromium (playwright-core from package.json). Installs it when
# missing and running as root (CI); elsewhere prints the command and the e2e tests skip.
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; \
	  else echo "note: chromium is missing (sudo apt-get install chromium); e2e tests will skip"; fi; }

# The PostgreSQL ledger tests start Debian's postgresql server (initdb/postgres, never the system
# service) in a temp dir. Installed when missing and running as root (CI); elsewhere they skip.
postgres:
	@{ command -v initdb >/dev/null 2>&1 || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; } || { \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql; \
	  else echo "note: postgresql is missing (sudo apt-get install postgresql); its tests will skip"; fi; }

# Slither pins web3<8, so the scanner benchmarks run it from its own venv (git-ignored; solc via solc_shim).
SLITHER := benchmarks/smartbugs/.venv-slither/bin/slither
$(SLITHER):
	$(PY) -m venv benchmarks/smartbugs/.venv-slither
	benchmarks/smartbugs/.venv-slither/bin/python -m pip install -q slither-analyzer==0.11.6

# Re-copy the dashboard's vendored npm assets (committed; only needed after a version bump).
web-vendor:
	npm ci --no-audit --no-fund --silent && npm run -s vendor-web

test-deps: $(VENV)/.test-installed $(ANVIL) chromium postgres

test: test-deps lint
	$(BIN)/python -m pytest -q

# Every figure in README (long: tens of minutes on 2 cores; the 2 GB fingerprint set is generated).
BENCHES := inprocess rpc ledger ledger_gas ledger_pg fingerprint guard guard_fraud guard_throughput oracle \
	markets scan_smartbugs api
bench: test-deps $(SLITHER)
	for b in $(BENCHES); do $(BIN)/python benchmarks/bench_$$b.py || exit 1; done

# Python (ruff check, ruff format --check, mypy) and the dashboard's JavaScript (eslint, eslint.config.js); no network needed.
lint: $(VENV)/.test-installed $(ESLINT)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/mypy src
	$(ESLINT) --max-warnings 0 src/nexus/web/js

clean:
	rm -rf $(VENV) node_modules .pytest_cache
