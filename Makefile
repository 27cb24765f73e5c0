# Two commands for a newcomer: `make report` and `make test`. Each creates .venv if missing.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
CORPUS ?=
PAGES  ?=
REPORTS ?= reports
NBVAL  := --nbval --nbval-current-env --nbval-sanitize-with tests/nbval_sanitize.cfg

.PHONY: help env test unit nbval lint report notebooks lab validate import test-browser bench clean

# Folder paths reach Python through the environment, never through the shell command line.
export PAGES CORPUS

help:
	@echo "make report    build the HTML reports in $(REPORTS)/ (CORPUS=folder for your own corpus)"
	@echo "make test      lint, unit tests and strict nbval over every notebook"
	@echo "make lab       open JupyterLab on notebooks/ with the project's environment"
	@echo "make notebooks re-execute the committed notebooks in place"
	@echo "make import    import saved web pages (PAGES=folder) into a corpus folder (CORPUS=...)"
	@echo "make validate  check a corpus folder (CORPUS=...) and list every problem"
	@echo "make bench     time the pipeline on synthetic corpora of 1,000 and 10,000 articles"

env: $(STAMP)

$(STAMP): pyproject.toml requirements.lock
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c requirements.lock -e '.[dev]'
	@touch $@

lint: $(STAMP)
	$(BIN)/ruff check src tests

unit: $(STAMP)
	$(BIN)/python -m pytest -q --doctest-modules --ignore=tests/browser tests src

nbval: $(STAMP)
	$(BIN)/python -m pytest -q $(NBVAL) notebooks

test: lint unit nbval

notebooks: $(STAMP)
	$(BIN)/python -m helpers.build notebooks

report: $(STAMP)
	$(BIN)/python -m helpers.build report --reports "$(abspath $(REPORTS))" $(if $(CORPUS),--corpus "$(abspath $(CORPUS))")

validate: $(STAMP)
	$(BIN)/python -m helpers.build validate $(if $(CORPUS),--corpus "$(abspath $(CORPUS))")

# Reads PAGES and CORPUS from the environment (exported above).
import: $(STAMP)
	$(BIN)/python -m helpers.importer

# Headless Chromium over every report, network blocked. Installs Debian's chromium if missing.
# Also builds the hostile test corpus's report and checks that none of its markup is live.
HOSTILE_REPORTS := reports-hostile
test-browser: $(STAMP)
	@command -v chromium >/dev/null || (apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null)
	@test -f $(REPORTS)/index.html || $(MAKE) report
	REPORTS="$(abspath $(REPORTS))" $(BIN)/python -m pytest -q tests/browser
	$(MAKE) report CORPUS=tests/corpora/hostile REPORTS=$(HOSTILE_REPORTS)
	REPORTS="$(abspath $(HOSTILE_REPORTS))" $(BIN)/python -m pytest -q tests/browser

lab: $(STAMP)
	$(BIN)/jupyter lab notebooks

# Time every pipeline stage on synthetic corpora of 1,000 and 10,000 articles (about 8 minutes).
bench: $(STAMP)
	$(BIN)/python -m helpers.bench --sizes 1000 10000

clean:
	rm -rf $(REPORTS) $(HOSTILE_REPORTS)
