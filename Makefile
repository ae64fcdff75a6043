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

# Sizes (customers) and days of history `make bench` measures; data and logs in bench/<size>/.
BENCH_SIZES ?= 10000 100000 1000000
BENCH_DAYS ?= 400
# DuckDB's memory limit while benchmarking: below the 16 GiB peak the benchmark aims for,
# leaving room for what DuckDB and Python allocate outside DuckDB's buffer pool.
BENCH_MEMORY_LIMIT ?= 12GB

# History written by scripts/backfill.py (resumable: dates logged ok are skipped).
BACKFILL_LOG := $(dir $(DBT_DUCKDB_PATH))backfill.log.jsonl

REPORT := reports/segmentation_report.html
DOCS_SITE := target/index.html

.PHONY: demo test test-engines venv browser vendor generate build daily backfill quality report summary lint docs bench clean

## demo: install, generate fresh demo data, build its last three month-ends, run the quality
##       gate, write the HTML report and the docs site, and end with a readable summary
# The generator replaces the raw tables but would leave the marts' old as_of_date slices
# (and the snapshot) in an existing file: the demo starts from no warehouse at all.
demo: venv
	rm -f $(DBT_DUCKDB_PATH) $(DBT_DUCKDB_PATH).wal $(BACKFILL_LOG)
	$(MAKE) --no-print-directory generate
	$(BIN)/python scripts/backfill.py --last 3 --to $(DEMO_AS_OF)
	$(MAKE) --no-print-directory quality
	$(MAKE) --no-print-directory report
	$(BIN)/dbt docs generate --quiet
	$(MAKE) --no-print-directory summary

## test: every test (generator, staging and quarantine, rules, history, quality gate, the
##       three engines, report in headless Chromium, semantic layer, lint, structure)
# Two pytest runs side by side on the two cores, each building its own fixtures once: the
# three engines and the report/semantic-layer warehouse in one (its output shown when
# both are done), every other test in the other.
PARALLEL_TESTS := tests/pytest/test_engines.py tests/pytest/test_report.py tests/pytest/test_semantic_layer.py
test: venv browser
	@mkdir -p logs; \
	$(BIN)/pytest -p no:cacheprovider $(PARALLEL_TESTS) > logs/pytest-parallel.log 2>&1 & other=$$!; \
	$(BIN)/pytest $(foreach test,$(PARALLEL_TESTS),--ignore=$(test)) tests/pytest; status=$$?; \
	wait $$other; other_status=$$?; \
	echo "== $(PARALLEL_TESTS) (logs/pytest-parallel.log)"; cat logs/pytest-parallel.log; \
	test $$status -eq 0 -a $$other_status -eq 0

## test-engines: parity of DuckDB, PostgreSQL and Spark, and BI access control; installs
##               PostgreSQL (and Java) if missing, starts a private server and stops it
test-engines: venv
	$(BIN)/pytest tests/pytest/test_engines.py

## browser: Debian's chromium and a CJK font for the report's headless-browser test
browser:
	bash scripts/setup_browser.sh

## vendor: the report's charting library, ECharts at a pinned version and checksum, npm-packed
##         into vendor/echarts/ (the report inlines it: it never loads from the network)
vendor:
	bash scripts/vendor_echarts.sh

# The report (and so the demo) and the tests need the vendored library first.
report test: vendor

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

## daily: the nightly run a scheduler calls: dbt build for AS_OF (default: latest balance date).
##        Unit tests check the SQL, not the night's data: they run in `make test`, not here.
daily: venv
	$(BIN)/dbt build --exclude-resource-type unit_test $(if $(AS_OF),--vars '{as_of_date: "$(AS_OF)"}')

## backfill: dbt build for every month-end FROM..TO, resumable (make backfill FROM=... TO=...
##           [DBT_ARGS="--exclude resource_type:seed"])
backfill: venv
	@test -n "$(FROM)" -a -n "$(TO)" || { echo "usage: make backfill FROM=2026-01-31 TO=2026-10-31"; exit 2; }
	$(BIN)/python scripts/backfill.py --from $(FROM) --to $(TO) $(if $(DBT_ARGS),-- $(DBT_ARGS))

## quality: the Great Expectations gate (thresholds in gx/thresholds.yml); Data Docs in reports/quality_gate/
quality: venv
	$(BIN)/python scripts/quality_gate.py --database $(DBT_DUCKDB_PATH) --docs-dir reports/quality_gate

## report: the self-contained HTML report of the latest as_of_date (reports/segmentation_report.html)
report: venv
	$(BIN)/python scripts/report.py --database $(DBT_DUCKDB_PATH) --output $(REPORT)

summary: venv
	$(BIN)/python scripts/summary.py --database $(DBT_DUCKDB_PATH) --report $(REPORT) --docs $(DOCS_SITE) \
		--quality-docs reports/quality_gate/index.html

lint: venv
	$(BIN)/sqlfluff lint models macros tests analyses snapshots

## docs: the dbt docs site (every model, column, seed, macro, exposure and metric, in English and Chinese)
docs: venv
	$(BIN)/dbt docs generate
	@echo "Docs site: $(CURDIR)/$(DOCS_SITE) (serve with: $(BIN)/dbt docs serve --port 8080)"

## bench: time the generator, a full build, a next-day run and the one-query floor at each of
##        BENCH_SIZES customers; writes docs/benchmarks.md and docs/benchmarks.json
bench: venv
	@for size in $(BENCH_SIZES); do \
		DBT_DUCKDB_MEMORY_LIMIT=$(BENCH_MEMORY_LIMIT) $(BIN)/python scripts/benchmark.py \
			--customers $$size --days $(BENCH_DAYS) \
			--json bench/$$size/result.json || exit 1; \
	done
	$(BIN)/python scripts/benchmark.py --render docs/benchmarks.json --markdown docs/benchmarks.md \
		$(foreach size,$(BENCH_SIZES),bench/$(size)/result.json)

clean:
	rm -rf target logs warehouse reports/quality_gate .engines
