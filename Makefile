# The two commands a person needs: `make run` and `make test`. Both work on a new machine
# with only Python 3.11: the first call creates .venv and installs into it.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
NODE_INSTALLED := node_modules/.installed

.PHONY: run test lint format install bench clean messages

$(INSTALLED): requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $@

# The site's translation catalogues (locale/), compiled; the .mo files are not committed.
# Needs GNU gettext's msgfmt (apt-get install gettext).
MESSAGES := $(patsubst %.po,%.mo,$(wildcard locale/*/LC_MESSAGES/django.po))
locale/%/LC_MESSAGES/django.mo: locale/%/LC_MESSAGES/django.po $(INSTALLED)
	@command -v msgfmt >/dev/null 2>&1 || { echo "msgfmt not found: apt-get install gettext"; exit 1; }
	$(BIN)/python manage.py compilemessages --locale $* --ignore '.venv' --ignore node_modules -v 0

# The HTML validator the suite runs on Java (the npm package vnu-jar). Without npm its
# tests skip and say how to install it; CI requires it (REQUIRE_VALIDATOR=1). No install
# scripts: vnu-jar's would download a Java runtime, and the machine's Java runs it.
$(NODE_INSTALLED): package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
		npm ci --ignore-scripts --no-audit --no-fund --loglevel=error && touch $@; \
	else \
		echo "npm not found: the HTML validation tests will be skipped (apt-get install npm)"; \
	fi

install: $(INSTALLED) $(NODE_INSTALLED) $(MESSAGES)

## After changing what the site says: new and changed messages into the Spanish catalogue
## (locale/es), to be translated there; the suite fails while one is not.
messages: $(INSTALLED)
	$(BIN)/python manage.py makemessages --locale es --no-obsolete --add-location file

## Serve the site on http://127.0.0.1:8000 with a Celery worker and beat; emails print here.
run: $(INSTALLED) $(MESSAGES)
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo
	$(BIN)/honcho start -f Procfile

## The whole suite: SQLite unless DATABASE_URL is set; browser tests when Chromium is present,
## HTML validation when Java and node_modules/ are. One pytest-xdist worker per core (at most
## 4), each with its own test database, handed whole files; TEST_WORKERS=0 runs in one process.
TEST_WORKERS ?= auto
test: $(INSTALLED) $(NODE_INSTALLED) $(MESSAGES)
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --maxprocesses=4 --dist loadfile

lint: $(INSTALLED)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python manage.py makemigrations --check --dry-run

format: $(INSTALLED)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf var/celery staticfiles .pytest_cache .ruff_cache

## Throughput of the hot paths on a throwaway database (set DATABASE_URL for PostgreSQL).
bench: $(INSTALLED) $(MESSAGES)
	$(BIN)/python manage.py bench
