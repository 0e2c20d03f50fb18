# Councilflow: `make run` starts the platform with demo data; `make test` runs the test suite.
# Needs only Python 3.11, Node.js/npm and apt on a fresh Debian machine: everything else is installed here.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOST ?= 127.0.0.1
PORT ?= 8000
N ?= 100000
# Local run mode (h5): settings default to production (DEBUG off, SECRET_KEY required); every target here is local.
export COUNCILFLOW_ENV ?= local

.PHONY: run test install install-test bench seed chromium pango clamav clean migrate demo lint-imports

$(VENV)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed requirements-test.txt
	$(PIP) install --quiet -r requirements-test.txt
	touch $@

node_modules/.installed: package.json
	npm install --no-audit --no-fund --silent
	npm run --silent build:studio
	touch $@

# The studio's expert-mode editor (CodeMirror 6), bundled by esbuild into platform/static/studio/dist/ (gitignored).
platform/static/studio/dist/expert_json.js: platform/static/studio/expert_json.js node_modules/.installed
	npm run --silent build:studio

install: $(VENV)/.installed node_modules/.installed platform/static/studio/dist/expert_json.js

install-test: $(VENV)/.installed-test node_modules/.installed platform/static/studio/dist/expert_json.js chromium pango clamav

# Debian's chromium drives the browser tests (Playwright's own browser download is not used).
chromium:
	@if [ ! -x /usr/bin/chromium ]; then \
		echo "Installing Debian's chromium for the browser tests"; \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) >/dev/null \
		|| echo "WARNING: could not install chromium; browser tests will be skipped"; \
	fi

# ClamAV's daemon scans uploads (the tests start their own clamd with a tiny signature database; production runs
# freshclam); libmagic reads an upload's type (python-magic). Both from Debian when missing.
clamav:
	@if [ ! -x /usr/sbin/clamd ] || ! ldconfig -p 2>/dev/null | grep -q 'libmagic.so.1'; then \
		echo "Installing Debian's clamav-daemon and libmagic1 for upload scanning"; \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq clamav-daemon libmagic1) >/dev/null \
		|| echo "WARNING: could not install clamav-daemon/libmagic1; the virus-scan tests will be skipped"; \
	fi

migrate: install
	$(PY) manage.py migrate --noinput -v0

demo: migrate
	$(PY) manage.py load_demo --history

# Pango lays out the PDF scorecards (WeasyPrint); installed from Debian when missing.
pango:
	@if ! ldconfig -p 2>/dev/null | grep -q 'libpangoft2-1.0.so.0'; then \
		echo "Installing Debian's pango for the PDF scorecards"; \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0) >/dev/null \
		|| echo "WARNING: could not install pango; PDF scorecards will not render"; \
	fi

# Web server and background worker together; Ctrl+C stops both. Links in emails use the address served here.
run: pango demo
	@echo "Councilflow on http://$(HOST):$(PORT)/  (worker running alongside)"
	@trap 'kill 0' INT TERM EXIT; \
	export SITE_URL="$${SITE_URL:-http://$(HOST):$(PORT)}"; \
	$(PY) manage.py run_worker & \
	$(PY) manage.py runserver $(HOST):$(PORT) --noreload

test: install-test
	$(PY) -m pytest $(PYTEST_ARGS)

# --- Checks: ruff (lint + format) and mypy against mypy-baseline.txt (pyproject.toml). Baselines may only shrink.
.PHONY: lint lint-imports format mypy-baseline
MYPY_OUT := var/mypy.txt
# mypy exits 1 when it finds errors (mypy-baseline then decides) and 2 when it could not run.
MYPY_RUN = mkdir -p var && { $(PY) -m mypy --no-error-summary > $(MYPY_OUT); status=$$?; [ $$status -le 1 ] || { cat $(MYPY_OUT); exit $$status; }; }

lint: $(VENV)/.installed-test
	PYTHONPATH=platform:. $(VENV)/bin/lint-imports --config .importlinter
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	@$(MYPY_RUN)
	NO_COLOR=1 $(VENV)/bin/mypy-baseline filter < $(MYPY_OUT)

# Sorts imports, applies ruff's safe fixes, formats: what `make lint` then expects.
format: $(VENV)/.installed-test
	$(VENV)/bin/ruff check --fix-only .
	$(VENV)/bin/ruff format .

# After fixing type errors: drops them from mypy-baseline.txt. Refuses while there are new errors (fix those instead).
mypy-baseline: $(VENV)/.installed-test
	@$(MYPY_RUN)
	NO_COLOR=1 $(VENV)/bin/mypy-baseline filter --allow-unsynced --hide-stats < $(MYPY_OUT)
	$(VENV)/bin/mypy-baseline sync < $(MYPY_OUT)
# --- end of checks

# Layer contracts alone (.importlinter, docs/architecture.md); pytest.ini's pythonpath gives the same root packages.
lint-imports: $(VENV)/.installed-test
	PYTHONPATH=platform:. $(VENV)/bin/lint-imports --config .importlinter

PG_URL ?= postgres://postgres@127.0.0.1:5432/councilflow

# Figures on SQLite, then on PostgreSQL when one answers on 127.0.0.1 (sizes and figures: docs/performance.md).
bench: install
	env -u DATABASE_URL $(PY) -m benchmarks $(BENCH_ARGS)
	@if pg_isready -h 127.0.0.1 -p 5432 -q 2>/dev/null; then DATABASE_URL=$(PG_URL) $(PY) -m benchmarks $(BENCH_ARGS); \
	else echo "PostgreSQL not reachable on 127.0.0.1:5432: PostgreSQL figures skipped"; fi

seed: migrate
	$(PY) manage.py seed_cases --cases $(N)

clean:
	rm -rf var/ .pytest_cache
