# Akkoord: `make run` serves the demo, `make test` runs the tests.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test lint format bench fuzz install clean

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(PY) manage.py compilemessages --ignore=.venv -v0
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo
	$(PY) manage.py runserver 127.0.0.1:8000

test: $(STAMP)
	$(PY) manage.py compilemessages --ignore=.venv -v0
	$(PY) -m pytest

lint: $(STAMP)
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/ruff check .

format: $(STAMP)
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

bench: $(STAMP)
	$(PY) -m benchmarks

clean:
	rm -rf $(VENV) db.sqlite3 static media

# R2 in full: schemathesis with 200 examples per operation (make test runs 25).
fuzz: $(STAMP)
	SCHEMATHESIS_EXAMPLES=200 $(PY) -m pytest tests/api/test_schemathesis.py
