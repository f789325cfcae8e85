# The README's two commands are `make run` and `make test`; the other targets are their steps.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1:8000

.PHONY: run test install install-test install-production demo lint check-migrations messages check-deploy vendor browser openapi

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

install: $(BIN)/python
	$(BIN)/pip install --quiet -e .

install-test: $(BIN)/python
	$(BIN)/pip install --quiet -e ".[test]"

demo: install
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py load_demo

# The task worker (mails, imports: the database backend) runs beside the server, so that no request
# waits on the mail server; both stop together.
run: demo
	$(BIN)/python manage.py run_worker & worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/python manage.py runserver $(HOST)

# The browser tests also need axe-core (fetched here when npm is there) and Debian's Chromium
# (`make browser`, as root); without them they are skipped, unless POLE_BROWSER_TESTS=required.
test: install-test
	@test -f node_modules/axe-core/axe.min.js || ! command -v npm >/dev/null || npm ci --no-audit --no-fund
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# A model change without its migration fails here instead of in a deployment.
check-migrations: install
	$(BIN)/python manage.py makemigrations --check --dry-run

# The saved OpenAPI document of /api/v1/ that tests/api/test_openapi_snapshot.py compares with:
# run it after a deliberate change of the API and commit the file.
openapi: install
	$(BIN)/python manage.py openapi_schema --output tests/api/openapi.json

# French is the source language: its catalogs repeat the msgids (msgen; a fuzzy guess is dropped first);
# English ones are translated by hand.
messages: install
	for app in pole_core pole_directory pole_pages pole_forms site/pole_site; do \
		(cd $$app && mkdir -p locale && $(CURDIR)/$(BIN)/python $(CURDIR)/manage.py makemessages -l fr -l en --no-obsolete) && \
		msgattrib --clear-fuzzy --empty $$app/locale/fr/LC_MESSAGES/django.po -o $$app/locale/fr/LC_MESSAGES/django.po && \
		msgen $$app/locale/fr/LC_MESSAGES/django.po -o $$app/locale/fr/LC_MESSAGES/django.po; \
	done
	$(BIN)/python manage.py compilemessages --ignore=.venv

install-production: $(BIN)/python
	$(BIN)/pip install --quiet -e ".[production]"

# The production settings pass Django's deploy checks, and collectstatic works with them: a static file
# that another names but that is missing fails here, instead of as a 500 on every page.
check-deploy: install-production
	export SECRET_KEY=check-deploy-$$(date +%s)-a-long-random-value-for-the-check-only \
		ALLOWED_HOSTS=pole.example.org DJANGO_SETTINGS_MODULE=pole_site.settings.production && \
	$(BIN)/python manage.py check --deploy --fail-level WARNING && \
	static=$$(mktemp -d) && trap 'rm -rf "$$static"' EXIT && \
	STATIC_ROOT=$$static $(BIN)/python manage.py collectstatic --no-input --verbosity 0

# Front-end files from the npm registry, versions pinned in package.json / package-lock.json.
# Leaflet's built files are copied into the app's static folder (and committed, so that `make run`
# needs no Node.js); SHA256SUMS lets the tests check them against what npm installed. The source maps
# come too: the scripts name them, and collectstatic's manifest storage fails on a missing one.
VENDOR := pole_pages/static/pole_pages/vendor
vendor:
	npm ci --no-audit --no-fund
	rm -rf $(VENDOR) && mkdir -p $(VENDOR)/leaflet $(VENDOR)/leaflet.markercluster
	cp -r node_modules/leaflet/dist/leaflet.js node_modules/leaflet/dist/leaflet.js.map \
		node_modules/leaflet/dist/leaflet.css \
		node_modules/leaflet/dist/images node_modules/leaflet/LICENSE $(VENDOR)/leaflet/
	cp node_modules/leaflet.markercluster/dist/leaflet.markercluster.js \
		node_modules/leaflet.markercluster/dist/leaflet.markercluster.js.map \
		node_modules/leaflet.markercluster/dist/MarkerCluster.css \
		node_modules/leaflet.markercluster/dist/MarkerCluster.Default.css \
		node_modules/leaflet.markercluster/MIT-LICENCE.txt $(VENDOR)/leaflet.markercluster/
	cd $(VENDOR) && find . -type f ! -name SHA256SUMS | LC_ALL=C sort | xargs sha256sum > SHA256SUMS

# What the browser tests need besides `make test`: Debian's Chromium (no browser download) and
# axe-core from the npm registry. Run as root on Debian; `.ci/run` calls it.
browser:
	command -v chromium >/dev/null || (apt-get update -qq && apt-get install -y -qq chromium)
	npm ci --no-audit --no-fund
