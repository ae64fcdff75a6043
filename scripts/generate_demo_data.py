#!/usr/bin/env python3
"""Demo data generator for corp_tiering (对公客户分层分类).

Writes every table of the raw-data contract (docs/raw_data_contract.md) into schema
`raw` of a DuckDB file, set-wise inside DuckDB (no Python row loops), so it writes
millions of rows a second and a million customers fit in memory.

The data is deterministic for a given --seed: every random draw is a hash of the seed,
a salt naming the draw, and the row's own key, so neither thread scheduling nor the
order of statements changes a value.

Bad rows of every kind of the contract are planted at --bad-rate (at least one of each
kind a table can have), and a JSON manifest lists each planted row (table, record_key,
reason_code) and each flagged-but-kept value (table, record_key, flag).

This file is the command line: it parses the options and runs the package
scripts/demo_data/, whose modules each do one job (listed in its __init__.py).

Usage:
    python scripts/generate_demo_data.py --customers 20000 --days 760 --as-of 2026-10-31
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from demo_data.bad_values import UNREADABLE_DATES, UNREADABLE_KEY_BLANKS, UNREADABLE_NUMBERS
from demo_data.contract import CONTRACT
from demo_data.generator import generate

PROJECT_DIR = Path(__file__).resolve().parent.parent

# Re-exported for the scripts and tests that import them from here (the quality gate and
# the pytest suite read the contract and the unreadable values).
__all__ = ["CONTRACT", "UNREADABLE_DATES", "UNREADABLE_KEY_BLANKS", "UNREADABLE_NUMBERS", "main", "parse_args"]


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--customers", type=int, default=20_000, help="existing customers (default 20000)")
    parser.add_argument("--days", type=int, default=760, help="days of daily history (default 760)")
    parser.add_argument("--as-of", default="2026-10-31", help="last day of the data (default 2026-10-31)")
    parser.add_argument("--seed", type=int, default=20261031, help="random seed (default 20261031)")
    parser.add_argument(
        "--bad-rate", type=float, default=0.005, help="share of rows planted bad, per table (default 0.005)"
    )
    parser.add_argument(
        "--raw-as-text",
        action="store_true",
        help="land every raw column as VARCHAR, as a text loader would, and plant wrong_type rows "
        "and unreadable values in every date and number column",
    )
    parser.add_argument(
        "--no-unreadable",
        action="store_true",
        help="with --raw-as-text: leave out the unreadable values (only the one wrong_type row per "
        "table), as a clean text export would",
    )
    parser.add_argument(
        "--database",
        default=os.environ.get("DBT_DUCKDB_PATH", "warehouse/corp_tiering.duckdb"),
        help="DuckDB file (default $DBT_DUCKDB_PATH or warehouse/corp_tiering.duckdb)",
    )
    parser.add_argument("--schema", default="raw", help="schema of the raw tables (default raw)")
    parser.add_argument(
        "--manifest",
        default=None,
        help="where to write the JSON manifest of planted rows (default <database>.manifest.json)",
    )
    parser.add_argument(
        "--strategic-groups",
        default=str(PROJECT_DIR / "seeds" / "strategic_groups.csv"),
        help="seed file whose group_ids are the demo's strategic groups",
    )
    parser.add_argument(
        "--memory-limit",
        default=os.environ.get("DBT_DUCKDB_MEMORY_LIMIT", "12GB"),
        help="DuckDB memory limit; beyond it DuckDB spills to disk (default $DBT_DUCKDB_MEMORY_LIMIT, else 12GB)",
    )
    parser.add_argument("--quiet", action="store_true", help="no progress output")
    args = parser.parse_args(argv)
    if args.customers < 10:
        parser.error("--customers must be at least 10")
    if args.days < 30:
        parser.error("--days must be at least 30")
    if not 0 <= args.bad_rate < 0.5:
        parser.error("--bad-rate must be in [0, 0.5)")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    summary = generate(args)
    manifest = Path(args.manifest or f"{args.database}.manifest.json")
    manifest.parent.mkdir(parents=True, exist_ok=True)
    # Written aside and renamed, so that it always describes whole raw tables of one run.
    partial = manifest.with_name(manifest.name + ".partial")
    partial.write_text(json.dumps(summary, ensure_ascii=False, indent=1), encoding="utf-8")
    os.replace(partial, manifest)
    if not args.quiet:
        print(f"Manifest: {manifest}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
