# Tangsel Kreatif. `make run` and `make test` set everything up themselves:
# a virtualenv in .venv with the pinned requirements, then the database.
# Only Python 3.11+ and make are needed; PostgreSQL and Redis are optional.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
# Re-installs only when a requirements file changes.
STAMP := $(VENV)/.installed
# -qq: errors only (the machine-wide pip configuration may warn about every package).
PIP_FLAGS := -qq --disable-pip-version-check --no-input --progress-bar off

.PHONY: run test install lint migrate seed worker beat clean messages scan

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null || \
		{ echo "Tangsel Kreatif needs Python 3.11 or newer: run 'make PYTHON=python3.12 ...' (or any 3.11+)." >&2; exit 1; }
	$(PYTHON) -m venv $(VENV)

$(STAMP): requirements.txt requirements-dev.txt | $(BIN)/python
	@echo "Installing the pinned requirements into $(VENV) ..."
	$(BIN)/python -m pip install $(PIP_FLAGS) -r requirements-dev.txt
	@touch $(STAMP)

# The compiled catalogues (.mo) from their sources (.po), in pure Python: no GNU gettext needed.
MO := $(patsubst %.po,%.mo,$(wildcard locale/*/LC_MESSAGES/django.po))
%.mo: %.po | $(BIN)/python
	$(BIN)/python -m core.mo $<

install: $(STAMP) $(MO)

# Regenerate the catalogue from the marked strings (needs GNU gettext), then compile it.
# Translate the new entries in locale/en/LC_MESSAGES/django.po, then `make messages` again.
messages: install
	$(BIN)/python manage.py makemessages -l en --no-obsolete --no-location \
		--ignore=.venv --ignore=bench --ignore=tests --ignore=staticfiles
	$(BIN)/python -m core.mo $(MO:.mo=.po)

migrate: install
	$(BIN)/python manage.py migrate --noinput

# Demo users and data, on an empty database only.
seed: migrate
	$(BIN)/python manage.py seed_demo --if-empty

# SQLite and eager tasks unless DATABASE_URL / REDIS_URL say otherwise.
run: seed
	@echo ""
	@echo "  Tangsel Kreatif is at http://127.0.0.1:$(PORT)/"
	@echo "  Demo logins, password \"$${DEMO_PASSWORD:-tangsel-demo}\":"
	@echo "    admin              administrator"
	@echo "    staf               Staf Disperindag (all kecamatan)"
	@echo "    petugas.ciputat    field officer, Ciputat only"
	@echo "    petugas.pamulang   field officer, Pamulang only"
	@echo "    bank.bri           bank liaison, BRI referrals only"
	@echo "    pimpinan           leadership, read only, personal data masked"
	@echo ""
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

lint: install
	$(BIN)/ruff check .
	$(BIN)/python manage.py makemigrations --check --dry-run

# SQLite by default; PostgreSQL when DATABASE_URL points at it. PYTEST_ARGS passes options on.
test: lint
	@db=$${DATABASE_URL%%://*}; echo "Running pytest on $${db:-sqlite} ..."
	$(BIN)/python -m pytest $(PYTEST_ARGS)

worker: install
	$(BIN)/celery -A tangsel_portal worker --loglevel=info

beat: install
	$(BIN)/celery -A tangsel_portal beat --loglevel=info --schedule $(VENV)/celerybeat-schedule

# A wapiti scan of a throw-away running instance (SECURITY.md); not part of `make test` or CI.
scan: install
	scripts/security_scan.sh

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache staticfiles
