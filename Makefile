# Two commands for a newcomer: `make report` and `make test`. Each creates .venv if missing.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
CORPUS ?=
PAGES  ?=
OUT    ?= tables
DASK_SCHEDULER ?=
REPORTS ?= reports
HOSTILE_REPORTS := reports-hostile
NBVAL  := --nbval --nbval-current-env --nbval-sanitize-with tests/nbval_sanitize.cfg

# Folder names reach Python through the environment, never through a shell command line, so a
# folder named `my corpus` or `c-$(id)` is used as named and nothing in it runs. $(value ...)
# keeps a `$` as typed. Python resolves a relative path against the folder make runs in.
override CORPUS := $(value CORPUS)
override REPORTS := $(value REPORTS)
override HOSTILE_REPORTS := $(value HOSTILE_REPORTS)
override PAGES := $(value PAGES)
override OUT := $(value OUT)
override DASK_SCHEDULER := $(value DASK_SCHEDULER)
export CORPUS REPORTS HOSTILE_REPORTS PAGES OUT DASK_SCHEDULER

.PHONY: help env test unit nbval lint report tables notebooks lab validate import draft test-browser \
	bench clean

help:
	@echo "make report    build the HTML reports in $$REPORTS/ (CORPUS=folder for your own corpus)"
	@echo "make test      lint, unit tests and strict nbval over every notebook"
	@echo "make lab       open JupyterLab on notebooks/ with the project's environment"
	@echo "make tables    compute the derived tables once, as Parquet, into $$OUT/ (CORPUS=folder)"
	@echo "make notebooks re-execute the committed notebooks in place"
	@echo "make import    import saved web pages (PAGES=folder) into a corpus folder (CORPUS=...)"
	@echo "make validate  check a corpus folder (CORPUS=...) and list every problem"
	@echo "make draft     write draft story tables (draft-actors.csv ...) into a corpus folder (CORPUS=...)"
	@echo "make bench     time the pipeline on synthetic corpora of 1,000 and 10,000 articles"
	@echo "make clean     delete the report folders the build made (refuses any other folder)"

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

# CORPUS and REPORTS are read from the environment (exported above).
report: $(STAMP)
	$(BIN)/python -m helpers.build report

# Reads CORPUS, OUT and DASK_SCHEDULER (host:port of a running Dask scheduler) from the
# environment. Dask on a local cluster from 2,000 articles on; in one process below.
tables: $(STAMP)
	$(BIN)/python -m helpers.pipeline

validate: $(STAMP)
	$(BIN)/python -m helpers.build validate

# Reads PAGES and CORPUS from the environment (exported above).
import: $(STAMP)
	$(BIN)/python -m helpers.importer

# Reads CORPUS from the environment; never overwrites the corpus's own files.
draft: $(STAMP)
	$(BIN)/python -m helpers.draft

# Headless Chromium over every report, network blocked. Installs Debian's chromium if missing.
# Also builds the hostile test corpus's report and checks that none of its markup is live.
test-browser: $(STAMP)
	@command -v chromium >/dev/null || (apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null)
	@test -f "$$REPORTS/index.html" || $(BIN)/python -m helpers.build report
	$(BIN)/python -m pytest -q tests/browser
	CORPUS=tests/corpora/hostile REPORTS="$$HOSTILE_REPORTS" $(BIN)/python -m helpers.build report
	REPORTS="$$HOSTILE_REPORTS" $(BIN)/python -m pytest -q tests/browser

# JupyterLab runs the notebooks on ipykernel's own kernelspec in .venv (python3, "Python 3
# (ipykernel)"), the one the build writes into every notebook; JUPYTER_PATH puts it before any
# kernelspec of the same name in your home folder, so no notebook opens as modified.
lab: $(STAMP)
	JUPYTER_PATH="$(CURDIR)/$(VENV)/share/jupyter$${JUPYTER_PATH:+:$$JUPYTER_PATH}" \
	  $(BIN)/jupyter lab notebooks

# Time every pipeline stage, and make tables with Dask, on synthetic corpora of 1,000 and 10,000
# articles (about 30 minutes on 2 cores).
bench: $(STAMP)
	$(BIN)/python -m helpers.bench --sizes 1000 10000

# Deletes only folders the build made (they carry its marker file); refuses any other.
clean: $(STAMP)
	$(BIN)/python -m helpers.build clean
	REPORTS="$$HOSTILE_REPORTS" $(BIN)/python -m helpers.build clean
