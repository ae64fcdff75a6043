# corp_tiering: the two commands a new user needs are `make demo` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat requirements.txt | cksum | cut -d' ' -f1)

export DBT_PROFILES_DIR := $(CURDIR)
export DBT_DUCKDB_PATH ?= warehouse/corp_tiering.duckdb

DEMO_CUSTOMERS ?= 20000
DEMO_DAYS ?= 760
DEMO_AS_OF ?= 2026-10-31

.PHONY: demo test venv generate build summary lint docs clean

## demo: install, generate the demo data, build the warehouse, print a summary
demo: venv generate build summary

## test: every test (generator, staging and quarantine, lint, structure)
test: venv
	$(BIN)/pytest tests/pytest

venv: $(STAMP)

$(STAMP): requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.txt
	rm -f $(VENV)/.installed-*
	touch $@

generate: venv
	$(BIN)/python scripts/generate_demo_data.py --customers $(DEMO_CUSTOMERS) --days $(DEMO_DAYS) \
		--as-of $(DEMO_AS_OF) --database $(DBT_DUCKDB_PATH)

build: venv
	$(BIN)/dbt build

summary: venv
	$(BIN)/python scripts/summary.py --database $(DBT_DUCKDB_PATH)

lint: venv
	$(BIN)/sqlfluff lint models macros tests analyses snapshots

docs: venv
	$(BIN)/dbt docs generate
	@echo "Docs site: $(CURDIR)/target/index.html (serve with: $(BIN)/dbt docs serve)"

clean:
	rm -rf target logs warehouse
