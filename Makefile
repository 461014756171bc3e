# Osallisuus: `make run` serves the portal, `make test` checks everything. See README.md.
SHELL := /bin/bash
.DEFAULT_GOAL := help
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := DEBUG=$${DEBUG:-true} $(PY) manage.py
HOST ?= 127.0.0.1
PORT ?= 8000

# A Python of at least 3.12: the newest python3.1x on PATH, else one installed through pyenv (found in its root even
# when pyenv is not initialised in this shell, as in cron, CI or an IDE).
define find_python
for candidate in python3.14 python3.13 python3.12 python3; do \
  if command -v $$candidate >/dev/null 2>&1 && $$candidate -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then \
    command -v $$candidate; exit 0; fi; \
done; \
for candidate in $$(ls -d "$${PYENV_ROOT:-$$HOME/.pyenv}"/versions/3.*/bin/python3 2>/dev/null | sort -Vr); do \
  if "$$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then echo "$$candidate"; exit 0; fi; \
done; \
echo "No Python 3.12 or newer found. Install python3.12 or python3.13 (Debian: apt-get install python3.13-venv; or pyenv install 3.13)." >&2; \
exit 1
endef

.PHONY: help run test lint bench messages compile clean

help:
	@echo "make run    - install, migrate, load demo data and serve http://$(HOST):$(PORT)"
	@echo "make test   - lint, migration check, system check and the whole test suite"
	@echo "make bench  - performance and load budgets on PostgreSQL with wrk (writes bench-results.json)"
	@echo "make messages - update locale/*.po (MESSAGES_ARGS=\"--fill FILE.json --list-missing\")"

$(VENV)/.installed: pyproject.toml
	@python="$$($(find_python))" || exit 1; \
	if [ ! -x $(PY) ]; then echo "Creating $(VENV) with $$python"; "$$python" -m venv $(VENV); fi
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	@touch $@

locale/fi/LC_MESSAGES/django.mo locale/sv/LC_MESSAGES/django.mo locale/en/LC_MESSAGES/django.mo &: $(VENV)/.installed $(wildcard locale/*/LC_MESSAGES/django.po)
	DEBUG=$${DEBUG:-true} flock locale/.lock $(PY) manage.py compilemessages --ignore=.venv -v0

compile: locale/fi/LC_MESSAGES/django.mo

run: $(VENV)/.installed compile
	$(MANAGE) migrate --no-input -v0
	$(MANAGE) seed_demo
	$(MANAGE) runserver $(HOST):$(PORT)

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache

test: $(VENV)/.installed compile lint
	$(MANAGE) makemigrations --check --dry-run
	$(MANAGE) check --fail-level WARNING
	$(MANAGE) collectstatic --no-input -v0 --clear
	DEBUG=true $(VENV)/bin/pytest --numprocesses auto --dist loadfile $(PYTEST_ARGS)

# Needs PostgreSQL (DATABASE_URL's server, else postgres@127.0.0.1:5432), wrk and nginx (`apt-get install -y wrk
# nginx`; the bench runs its own nginx from deploy/, no service needed); about 10 min.
bench: $(VENV)/.installed compile
	@command -v wrk >/dev/null || { echo "make bench needs wrk, the load generator: apt-get install -y wrk" >&2; exit 2; }
	@command -v nginx >/dev/null || test -x /usr/sbin/nginx || { echo "make bench needs nginx, the reverse proxy of deploy/: apt-get install -y nginx" >&2; exit 2; }
	$(PY) -m tests.benchmarks $(BENCH_ARGS)

messages: $(VENV)/.installed
	DEBUG=$${DEBUG:-true} flock locale/.lock $(PY) manage.py update_messages $(MESSAGES_ARGS)

clean:
	rm -rf $(VENV) staticfiles db.sqlite3 media
