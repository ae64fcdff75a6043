#!/usr/bin/env python3
"""Quality gate for a built corp_tiering warehouse (Great Expectations Core).

dbt tests check rules row by row; this gate checks that the data as a whole looks
right: the raw layer's schema, key null rates, code values, USCC shapes, deposit
balances per region and row counts against the previous run, and the marts' tier and
segment shares, their drift since the previous as_of_date, the profit contribution's
distribution and the segment fact's coverage. Thresholds and blocking/warning live in
gx/thresholds.yml.

How it stays cheap on large tables: every check first reduces the warehouse to a small
profile dataframe in SQL (counts, shares, totals per region and month, shares per tier,
quantiles); only those frames go to pandas, where GX validates them. (GX's own SQL
datasource returns wrong results on DuckDB, see docs/toolchain.md.) The SQL is plain and
portable; the engine-specific pieces and the connection are in gate/warehouse.py.

This file is the command line; the gate itself is the package scripts/gate/, one job per
module (see its __init__.py): thresholds, warehouse, one module per suite family, GX
validation and Data Docs, verdict, run history, printout.

Prints a table (suite, expectation, blocking/warning, pass/fail, observed value),
writes GX Data Docs (index.html) to --docs-dir, keeps each run's raw row counts in
quality.raw_row_counts, and exits 1 when a blocking expectation fails, else 0.

Usage:
    python scripts/quality_gate.py [--database PATH|postgresql://…] [--as-of YYYY-MM-DD] [--docs-dir DIR]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import time
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
if str(PROJECT_DIR / "scripts") not in sys.path:
    sys.path.insert(0, str(PROJECT_DIR / "scripts"))

from gate.config import DEFAULT_DOCS_DIR, THRESHOLDS, load_thresholds  # noqa: E402
from gate.console import report  # noqa: E402
from gate.history import record_history  # noqa: E402
from gate.profiler import Gate  # noqa: E402
from gate.validation import validate  # noqa: E402
from gate.verdict import GateResult, Outcome, judge, passes  # noqa: E402
from gate.warehouse import connect  # noqa: E402

__all__ = ["Gate", "GateResult", "Outcome", "main", "report", "run_gate"]


def run_gate(
    database: str,
    as_of: dt.date | None = None,
    docs_dir: Path | None = DEFAULT_DOCS_DIR,
    thresholds: Path = THRESHOLDS,
    raw_schema: str = "raw",
    record: bool = True,
) -> GateResult:
    """Profile, validate and judge the warehouse; record the run's raw row counts unless
    record is False."""
    started = time.perf_counter()
    config = load_thresholds(thresholds)
    warehouse = connect(database)
    try:
        gate = Gate(warehouse, config, as_of, raw_schema)
        gate.profile()
        profiled = time.perf_counter() - started
        results, index = validate(gate, docs_dir)
        outcomes = judge(gate.checks, gate.frames, results)
        passed = passes(outcomes)
        if record:
            run_at = dt.datetime.now(dt.UTC).replace(tzinfo=None)
            record_history(warehouse, gate.raw, gate.as_of, gate.frames["raw.tables"], passed, run_at)
        return GateResult(
            outcomes, index, gate.as_of, gate.previous_as_of, time.perf_counter() - started, profiled, gate.frames
        )
    finally:
        warehouse.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database",
        default=os.environ.get("DBT_DUCKDB_PATH", "warehouse/corp_tiering.duckdb"),
        help="warehouse: a DuckDB file or a postgresql://user@host:port/dbname URL "
        "(default $DBT_DUCKDB_PATH or warehouse/corp_tiering.duckdb)",
    )
    parser.add_argument(
        "--as-of",
        type=dt.date.fromisoformat,
        default=None,
        help="as_of_date to check (default: the latest in marts.fct_customer_segments)",
    )
    parser.add_argument(
        "--docs-dir",
        type=Path,
        default=DEFAULT_DOCS_DIR,
        help=f"Data Docs folder (default {DEFAULT_DOCS_DIR.relative_to(PROJECT_DIR)})",
    )
    parser.add_argument(
        "--thresholds", type=Path, default=THRESHOLDS, help="thresholds file (default gx/thresholds.yml)"
    )
    parser.add_argument("--raw-schema", default="raw", help="schema of the raw tables (default raw)")
    parser.add_argument(
        "--no-history", action="store_true", help="do not record this run's raw row counts in quality.raw_row_counts"
    )
    args = parser.parse_args(argv)
    try:
        result = run_gate(
            args.database, args.as_of, args.docs_dir, args.thresholds, args.raw_schema, record=not args.no_history
        )
    except Exception as error:  # a gate that cannot look at the data must not pass
        print(f"GATE FAILED: the warehouse could not be profiled: {type(error).__name__}: {error}", file=sys.stderr)
        return 1
    print(report(result))
    return 0 if result.passed else 1


if __name__ == "__main__":
    raise SystemExit(main())
