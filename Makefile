# Two commands do all the set-up: `make run` and `make test` (see README.md).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
# Every package, transitive ones, pip and setuptools included, pinned with hashes (pyproject keeps ranges).
LOCK := requirements/lock.txt
BENCH_LOCK := requirements/bench.txt
DIST_LOCK := requirements/dist.txt
LOCKED := $(VENV)/.locked-stamp
STAMP := $(VENV)/.installed-stamp
# The lock tool, itself pinned: uv resolves for every platform at once (Windows' colorama included).
UV_VERSION := 0.13.9
TOOLS := .venv-tools
UV := $(TOOLS)/uv-$(UV_VERSION)/bin/uv
PO := $(wildcard resources/locale/*/LC_MESSAGES/mediation.po)
MO := $(PO:.po=.mo)

.PHONY: run test bench catalogs extract clean lock upgrade dist deb smoke

# A changed lock makes the venv anew, so it holds what the lock pins and nothing left from before.
$(LOCKED): $(LOCK)
	$(PYTHON) -m venv --clear $(VENV)
	$(PY) -m pip install --quiet --require-hashes -r $(LOCK)
	touch $@

# The project itself: its dependencies all come from the lock; `pip check` catches a stale lock.
$(STAMP): $(LOCKED) pyproject.toml
	$(PY) -m pip install --quiet --no-deps --no-build-isolation -e .
	@$(PY) -m pip check >/dev/null || { $(PY) -m pip check; \
	    echo "$(LOCK) does not satisfy pyproject.toml: run make lock"; exit 1; }
	touch $@

%.mo: %.po $(STAMP)
	$(VENV)/bin/pybabel compile --use-fuzzy -i $< -o $@ >/dev/null

catalogs: $(MO)

# The platform check says in one line which system libraries Qt lacks, instead of Qt's abort.
run: $(STAMP) catalogs
	@$(PY) -m ui.platform_check
	$(VENV)/bin/mediation-station

test: $(STAMP) catalogs
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q

bench: $(STAMP) catalogs
	$(PY) -m pip install --quiet --require-hashes -r $(BENCH_LOCK)
	$(PY) bench/run_all.py

# The one-folder build (packaging/mediation-station.spec): dist/mediation-station/ runs without Python.
DIST_STAMP := $(VENV)/.dist-stamp
$(DIST_STAMP): $(LOCKED) $(DIST_LOCK)
	$(PY) -m pip install --quiet --require-hashes -r $(DIST_LOCK)
	touch $@

dist: $(STAMP) catalogs $(DIST_STAMP)
	rm -rf dist/mediation-station
	$(VENV)/bin/pyinstaller --noconfirm --clean --log-level WARN --distpath dist --workpath build/pyinstaller \
	    packaging/mediation-station.spec
	@du -sh dist/mediation-station

# dist/mediation-station_<version>_<arch>.deb from that folder (dpkg-deb, no network); see packaging/linux/.
deb: dist
	$(PY) packaging/linux/build_deb.py dist/mediation-station --out dist

# The build, then the built app on a fresh database: .ci/run runs it after the suite (needs Xvfb, xdotool,
# poppler-utils, binutils, dpkg-dev); never part of `make test`.
smoke: deb
	$(PY) packaging/smoke_test.py dist/mediation-station $(SMOKE_FLAGS)

# For developers: refresh the template and the catalogs after changing strings.
extract: $(STAMP)
	$(VENV)/bin/pybabel extract -F babel.cfg -k N_ -o resources/locale/mediation.pot app ui printing --no-location --sort-output
	$(VENV)/bin/pybabel update -i resources/locale/mediation.pot -d resources/locale -D mediation --no-fuzzy-matching

# Regenerate the locks from pyproject.toml, keeping the current pins where they still fit;
# `make upgrade` takes the newest versions and runs the suite on them (commit both together).
UV_COMPILE = $(UV) pip compile --quiet pyproject.toml requirements/build.in --universal \
	--python-version 3.11 --generate-hashes --custom-compile-command "make lock" $(UPGRADE)

$(UV):
	$(PYTHON) -m venv $(TOOLS)/uv-$(UV_VERSION)
	$(TOOLS)/uv-$(UV_VERSION)/bin/python -m pip install --quiet uv==$(UV_VERSION)

# uv starts from the pins already in the output file; an unchanged lock keeps its date (and the venv).
define compile
	cp $(2) $(2).new 2>/dev/null || true
	$(UV_COMPILE) $(1) -o $(2).new
	if cmp -s $(2).new $(2); then rm $(2).new; else mv $(2).new $(2); fi
endef

lock: $(UV)
	$(call compile,--extra test,$(LOCK))
	$(call compile,--extra test --extra bench -c $(LOCK),$(BENCH_LOCK))
	$(call compile,--extra test --extra dist -c $(LOCK),$(DIST_LOCK))

upgrade:
	$(MAKE) lock UPGRADE=--upgrade
	$(MAKE) test

clean:
	rm -rf $(VENV) $(TOOLS) $(MO) build dist
