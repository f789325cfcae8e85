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

messages: install
	cd pole_directory && ../$(BIN)/python ../manage.py makemessages -l fr --no-obsolete
	cd pole_pages && ../$(BIN)/python ../manage.py makemessages -l fr --no-obsolete
	cd pole_forms && ../$(BIN)/python ../manage.py makemessages -l fr --no-obsolete
	$(BIN)/python manage.py compilemessages --ignore=.venv

check-deploy: install
	SECRET_KEY=check-deploy-$$(date +%s)-a-long-random-value-for-the-check-only \
	ALLOWED_HOSTS=pole.example.org DJANGO_SETTINGS_MODULE=pole_site.settings.production \
	$(BIN)/python manage.py check --deploy --fail-level WARNING
