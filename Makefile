# The README's two commands are `make run` and `make test`; the other targets are their steps.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1:8000

.PHONY: run test install install-test demo lint messages check-deploy

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

install: $(BIN)/python
	$(BIN)/pip install --quiet -e .

install-test: $(BIN)/python
	$(BIN)/pip install --quiet -e ".[test]"

demo: install
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py createcachetable
	$(BIN)/python manage.py load_demo

run: demo
	$(BIN)/python manage.py runserver $(HOST)

test: install-test
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# French is the source language: its catalogs repeat the msgids (msgen); English ones are translated by hand.
messages: install
	for app in pole_directory pole_pages pole_forms; do \
		(cd $$app && mkdir -p locale && ../$(BIN)/python ../manage.py makemessages -l fr -l en --no-obsolete) && \
		msgen $$app/locale/fr/LC_MESSAGES/django.po -o $$app/locale/fr/LC_MESSAGES/django.po; \
	done
	$(BIN)/python manage.py compilemessages --ignore=.venv

check-deploy: install
	SECRET_KEY=check-deploy-$$(date +%s)-a-long-random-value-for-the-check-only \
	ALLOWED_HOSTS=pole.example.org DJANGO_SETTINGS_MODULE=pole_site.settings.production \
	$(BIN)/python manage.py check --deploy --fail-level WARNING
