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

# Two test processes (pytest-xdist), each file whole on one of them so its fixtures
# are built once. Files are handed out in pytest-django's order (not biggest
# first), so files of tests that empty the database (transaction=True, a live
# server) come after those that need the migrations' data; such tests live in
# files of their own. Schemathesis gives each API operation the same test
# id, which xdist would fold into one, so its file runs on its own afterwards.
WORKERS ?= 2
SCHEMA_TESTS := tests/api/test_schemathesis.py

test: $(STAMP)
	$(PY) manage.py compilemessages --ignore=.venv -v0
	$(PY) -m pytest -n $(WORKERS) --dist loadfile --no-loadscope-reorder --ignore=$(SCHEMA_TESTS)
	$(PY) -m pytest $(SCHEMA_TESTS)

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
