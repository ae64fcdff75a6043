# corp_tiering: the two commands a new user needs are `make demo` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat requirements.txt | cksum | cut -d' ' -f1)

export DBT_PROFILES_DIR := $(CURDIR)
export DBT_DUCKDB_PATH ?= warehouse/corp_tiering.duckdb
# The copy of the marts (only) that BI tools, notebooks and the report read: `make publish`.
export BI_DUCKDB_PATH ?= warehouse/corp_tiering_bi.duckdb

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
# The same site as one file that opens without a server (dbt docs generate --static).
STATIC_DOCS := target/static_index.html

.PHONY: demo test test-engines venv browser vendor generate check-seeds build daily backfill whatif quality publish report explain summary lint docs bench clean

## demo: install, generate fresh demo data, build its last three month-ends, run the quality
##       gate, publish the marts, write the HTML report and the docs site, and end with a
##       readable summary
# The generator replaces the raw tables but would leave the marts' old as_of_date slices
# (and the snapshot) in an existing file: the demo starts from no warehouse at all. The
# seed files are checked first, so that a wrong seed edit leaves the old warehouse alone.
demo: venv check-seeds
	rm -f $(DBT_DUCKDB_PATH) $(DBT_DUCKDB_PATH).wal $(BACKFILL_LOG)
	$(MAKE) --no-print-directory generate
	$(BIN)/python scripts/backfill.py --last 3 --to $(DEMO_AS_OF)
	$(MAKE) --no-print-directory quality
	$(MAKE) --no-print-directory publish
	$(MAKE) --no-print-directory report
	$(BIN)/dbt docs generate --static --quiet
	$(MAKE) --no-print-directory summary

## test: every test (generator, staging and quarantine, rules, history, quality gate, the
##       three engines, report in headless Chromium, semantic layer, lint, structure)
# Two pytest runs side by side on the two cores, each building its own fixtures once: the
# three engines and the report/semantic-layer warehouse in one (its output shown when
# both are done), every other test in the other.
PARALLEL_TESTS := tests/pytest/test_engines.py tests/pytest/test_report.py tests/pytest/test_semantic_layer.py
test: venv browser
	@mkdir -p logs; \
	$(BIN)/pytest -p no:cacheprovider --durations=10 $(PARALLEL_TESTS) > logs/pytest-parallel.log 2>&1 & other=$$!; \
	$(BIN)/pytest --durations=10 $(foreach test,$(PARALLEL_TESTS),--ignore=$(test)) tests/pytest; status=$$?; \
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

# The report (and so the demo), the what-if page and the tests need the vendored library first.
report whatif test: vendor

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

## check-seeds: the seed CSVs checked as files before dbt loads them (encoding, header,
##              rows, number/date/boolean cells, parameter ranges); one line per problem
##              and exit 1 (make check-seeds [SEEDS_DIR=proposed/ PARTIAL=1])
check-seeds: venv
	$(BIN)/python scripts/check_seeds.py $(if $(SEEDS_DIR),--seeds-dir $(SEEDS_DIR)) $(if $(PARTIAL),--partial)

build: venv check-seeds
	$(BIN)/dbt build

## daily: the whole night a scheduler calls (scripts/nightly.py): lock check, seed files, source
##        freshness, refusals (late, missing or empty raw tables; an as_of_date the feeds do not
##        reach or that did not advance), dbt build for AS_OF (default: the latest deposit
##        balance date; no unit tests: they check the SQL and run in `make test`), quality gate,
##        publish; one summary line and a JSON line in warehouse/nightly.log.jsonl. Exit codes:
##        .venv/bin/python scripts/nightly.py --help. FRESHNESS=warn: stale sources only warn.
daily: venv
	$(BIN)/python scripts/nightly.py $(if $(AS_OF),--as-of $(AS_OF)) $(if $(FRESHNESS),--freshness $(FRESHNESS))

## backfill: dbt build for every month-end FROM..TO, resumable (make backfill FROM=... TO=...
##           [DBT_ARGS="--exclude resource_type:seed"]); the seed files are checked first
backfill: venv check-seeds
	@test -n "$(FROM)" -a -n "$(TO)" || { echo "usage: make backfill FROM=2026-01-31 TO=2026-10-31"; exit 2; }
	$(BIN)/python scripts/backfill.py --from $(FROM) --to $(TO) $(if $(DBT_ARGS),-- $(DBT_ARGS))

## whatif: try proposed seed files (a folder holding only the seeds to change) against the
##         night's warehouse: checks them like production, builds the segment marts for AS_OF
##         (default: the latest) in schemas whatif_<name>_* (dropped afterwards; KEEP=1 keeps
##         them), reading production's staging and facts, writing nothing production reads;
##         writes reports/whatif/<name>/ (moves.csv, summary.csv, index.html)
##         (make whatif SCENARIO=proposals/deposit_1m/ [AS_OF=2026-10-31] [KEEP=1])
whatif: venv
	@test -n "$(SCENARIO)" || { echo "usage: make whatif SCENARIO=path/to/folder [AS_OF=2026-10-31] [KEEP=1]"; exit 2; }
	$(BIN)/python scripts/whatif.py $(SCENARIO) $(if $(AS_OF),--as-of $(AS_OF)) $(if $(KEEP),--keep)

## quality: the Great Expectations gate (thresholds in gx/thresholds.yml); Data Docs in reports/quality_gate/
quality: venv
	$(BIN)/python scripts/quality_gate.py --database $(DBT_DUCKDB_PATH) --docs-dir reports/quality_gate

## publish: copy the marts (only) into BI_DUCKDB_PATH (warehouse/corp_tiering_bi.duckdb), written
##          aside and renamed into place at once; refused when the history marts disagree
publish: venv
	$(BIN)/python scripts/publish.py --database $(DBT_DUCKDB_PATH) --output $(BI_DUCKDB_PATH)

## report: the self-contained HTML report of the latest published as_of_date (reports/segmentation_report.html)
report: venv
	$(BIN)/python scripts/report.py --database $(BI_DUCKDB_PATH) --output $(REPORT)

## explain: why a customer or prospect is where it is, as a card (marts.fct_customer_explanations;
##          the published copy when there is one, else the warehouse; DuckDB only)
##          (make explain ID=C00012345 [AS_OF=2026-10-31] [CARD_LANG=zh|en|both])
explain: venv
	@test -n "$(ID)" || { echo "usage: make explain ID=C00012345 [AS_OF=2026-10-31] [CARD_LANG=zh|en|both]"; exit 2; }
	@$(BIN)/python scripts/explain.py $(ID) $(if $(AS_OF),--as-of $(AS_OF)) $(if $(CARD_LANG),--lang $(CARD_LANG))

summary: venv
	$(BIN)/python scripts/summary.py --database $(DBT_DUCKDB_PATH) --report $(REPORT) --docs $(STATIC_DOCS) \
		--quality-docs reports/quality_gate/index.html

## lint: Python (ruff: lint and format, scripts/ and tests/, config in ruff.toml) and SQL (sqlfluff)
lint: venv
	$(BIN)/ruff check
	$(BIN)/ruff format --check
	$(BIN)/sqlfluff lint models macros tests analyses snapshots

## docs: the dbt docs site (every model, column, seed, macro, exposure and metric, in English and
##       Chinese), also as one file that opens without a server (target/static_index.html)
docs: venv
	$(BIN)/dbt docs generate --static
	@echo "Docs site: $(CURDIR)/$(STATIC_DOCS) (one file, opens without a server;" \
		"or serve $(DOCS_SITE) with: $(BIN)/dbt docs serve --port 8080)"

## bench: time the generator, a full build, a next-day run, the one-query floor and a what-if
##        scenario at each of BENCH_SIZES customers; writes docs/benchmarks.md and docs/benchmarks.json
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
