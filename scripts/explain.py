#!/usr/bin/env python3
"""Why a customer is where it is: print the card of one customer or prospect from
marts.fct_customer_explanations (its class, tier, segment, lifecycle stage, risk grade,
service level and value drivers, each with the figures behind it and the reason in Chinese
and English). The report's top lists open the same card.

The database is a corp_tiering DuckDB file (opened read-only): by default the published
copy of the marts ($BI_DUCKDB_PATH, warehouse/corp_tiering_bi.duckdb) when it exists,
else the warehouse ($DBT_DUCKDB_PATH, warehouse/corp_tiering.duckdb). DuckDB only: on
PostgreSQL or Spark, query the mart's explanation_zh / explanation_en columns.

Usage:
    python scripts/explain.py C00012345 [--as-of 2026-10-31] [--lang zh|en|both] [--database FILE]
    make explain ID=C00012345 [AS_OF=2026-10-31]

Exit 0 with the card; 1 when the file has no such mart, as_of_date or customer (the
message names the dates there are); 2 on a usage error.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from pathlib import Path

import duckdb
from segmentation_report.explanations import LANGUAGES, ExplanationError, card, code_labels, rows_of


def default_database() -> str:
    """The published copy when it exists, else the warehouse."""
    published = os.environ.get("BI_DUCKDB_PATH", "warehouse/corp_tiering_bi.duckdb")
    if Path(published).exists():
        return published
    return os.environ.get("DBT_DUCKDB_PATH", "warehouse/corp_tiering.duckdb")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("customer_id", help="a customer's or a prospect's id")
    parser.add_argument(
        "--as-of", type=dt.date.fromisoformat, help="the as_of_date (default: the latest the mart holds)"
    )
    parser.add_argument("--lang", choices=LANGUAGES, default="both", help="the card's language (default: both)")
    parser.add_argument(
        "--database",
        help="a DuckDB file with a marts schema (default: $BI_DUCKDB_PATH when the file exists, else $DBT_DUCKDB_PATH)",
    )
    args = parser.parse_args(argv)
    database = args.database or default_database()
    if not Path(database).exists():
        print(f"explain: no DuckDB file at {database}: build the warehouse (make demo or make daily)", file=sys.stderr)
        return 1
    try:
        with duckdb.connect(database, read_only=True) as con:
            rows = rows_of(con, args.customer_id, args.as_of)
            labels = code_labels(con)
    except ExplanationError as error:
        print(f"explain: {database}: {error}", file=sys.stderr)
        return 1
    except duckdb.IOException as error:
        print(f"explain: cannot open {database} (is a build writing it?): {error}", file=sys.stderr)
        return 1
    print("\n".join(card(row, labels, args.lang) for row in rows), end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
