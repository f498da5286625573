# Two commands do all the set-up: `make run` and `make test` (see README.md).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
PO := $(wildcard resources/locale/*/LC_MESSAGES/mediation.po)
MO := $(PO:.po=.mo)

.PHONY: run test bench catalogs extract clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

%.mo: %.po $(STAMP)
	$(VENV)/bin/pybabel compile --use-fuzzy -i $< -o $@ >/dev/null

catalogs: $(MO)

run: $(STAMP) catalogs
	$(VENV)/bin/mediation-station

test: $(STAMP) catalogs
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q

bench: $(STAMP) catalogs
	$(PY) -m pip install --quiet -e '.[bench]'
	$(PY) bench/run_all.py

# For developers: refresh the template and the catalogs after changing strings.
extract: $(STAMP)
	$(VENV)/bin/pybabel extract -F babel.cfg -k N_ -o resources/locale/mediation.pot app ui printing --no-location --sort-output
	$(VENV)/bin/pybabel update -i resources/locale/mediation.pot -d resources/locale -D mediation --no-fuzzy-matching

clean:
	rm -rf $(VENV) $(MO)
