# The two commands a newcomer needs: `make play` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
SCENARIO ?= scenarios/jan-in-de-portiek.yaml

.PHONY: play test test-all lint bench clean browser

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

# The stamp files re-install when pyproject.toml changes.
$(VENV)/.installed: pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@ $(VENV)/.installed

play: $(VENV)/.installed
	$(PY) run_sim.py play $(SCENARIO)

# The gates: lint (ruff), the layers (import-linter), types (mypy), then the
# suite on every core (pytest-xdist). The long walk-throughs marked `slow`
# run in `make test-all`.
test: lint browser
	$(PY) -m pytest -n auto -m "not slow"

test-all: lint browser
	$(PY) -m pytest -n auto

lint: $(VENV)/.installed-test
	$(VENV)/bin/ruff check sim tests bench run_sim.py
	$(VENV)/bin/lint-imports --no-cache
	$(VENV)/bin/mypy

# The report's browser test opens it in Debian's chromium: install it when missing.
# Never fails the target: where it cannot be installed the test skips and says why.
browser:
	@command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || { \
	  echo "installing Debian's chromium for the report's browser test..."; \
	  SUDO=""; [ "$$(id -u)" = 0 ] || SUDO="sudo -n"; \
	  { $$SUDO apt-get update -qq && $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; } \
	    >/dev/null 2>&1 || echo "chromium could not be installed; the report's browser test will be skipped"; }

bench: $(VENV)/.installed
	$(PY) bench/engine.py

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis
