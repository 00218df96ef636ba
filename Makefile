# CWF Grants: `make run` and `make test` are all the set-up a fresh machine needs
# (Python 3.11+, Node.js and make).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PYTEST_ARGS ?=

.PHONY: run test setup lint bench lock clean-var

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)

# Reinstall only when the pinned list changes.
$(VENV)/.installed: requirements.lock | $(VENV)/bin/python
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.lock
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

static/build/app.css: node_modules/.installed frontend/scss/app.scss frontend/copy-assets.mjs
	npm run --silent build

setup: $(VENV)/.installed static/build/app.css

# run and bench use devtools (the demo and the benchmark), which only the dev and test settings
# install: manage.py defaults to cwf.settings.dev.
run: setup
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	@echo ""
	@echo "  CWF Grants is starting at http://127.0.0.1:8000"
	@$(PY) manage.py seed_demo --logins
	@echo "  Officers, trustees and admins set up two-factor authentication at first sign-in."
	@echo "  Service status: http://127.0.0.1:8000/health/   Stop with Ctrl+C."
	@echo ""
	$(VENV)/bin/honcho start

test: setup
	$(VENV)/bin/pytest -n auto $(PYTEST_ARGS)

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

bench: setup
	$(PY) manage.py bench

# Regenerate the pinned lists after changing pyproject.toml: requirements.lock (everything, for
# make run and make test) and requirements-prod.lock (its run-time part, for the Docker image).
lock:
	rm -rf /tmp/cwf-lock-venv && $(PYTHON) -m venv /tmp/cwf-lock-venv
	/tmp/cwf-lock-venv/bin/pip install --quiet ".[dev]"
	/tmp/cwf-lock-venv/bin/pip freeze --exclude-editable | grep -v '^cwf-grants' > requirements.lock
	/tmp/cwf-lock-venv/bin/python tools/prod_lock.py > requirements-prod.lock

# Start again from an empty database, broker, cache and mail folder (the next `make run` re-seeds).
clean-var:
	rm -rf "$${CWF_VAR_DIR:-var}"
