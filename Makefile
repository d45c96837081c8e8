# Developer convenience. Users install navdesk with pip; nothing here is needed at run time.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
PO := $(wildcard translations/*/LC_MESSAGES/navdesk.po)
MO := $(PO:.po=.mo)

.PHONY: run test lint bench i18n demo clean migration

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev,postgres]'
	touch $(STAMP)

translations/%/LC_MESSAGES/navdesk.mo: translations/%/LC_MESSAGES/navdesk.po $(STAMP)
	$(VENV)/bin/pybabel compile -i $< -o $@

run: $(STAMP) $(MO)
	$(PY) main.py --demo-on-first-start

test: $(STAMP) $(MO)
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q -n 2

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy

i18n: $(STAMP)
	$(VENV)/bin/pybabel extract -F babel.cfg -k _ -k N_ -k ngettext:1,2 -o translations/navdesk.pot --no-location --sort-output --width 100 --project navdesk navdesk
	for l in nb nn en; do $(VENV)/bin/pybabel update -i translations/navdesk.pot -d translations -D navdesk -l $$l --no-fuzzy-matching --ignore-obsolete --width 100; done
	$(PY) tools/i18n_fill_english.py

bench: $(STAMP) $(MO)
	QT_QPA_PLATFORM=offscreen $(PY) -m bench

migration: $(STAMP)
	$(PY) -m navdesk.store.migrations.regenerate

clean:
	rm -rf $(VENV) build *.egg-info
