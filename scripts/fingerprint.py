#!/usr/bin/env python3
"""Fingerprint the marts of a DuckDB warehouse: row count and an order-free hash of every
column, per table and per as_of_date (where the table has one).

Two builds that give the same fingerprints hold the same marts, value for value: a change
to staging or to the rules proves it left the outputs alone by comparing fingerprints
taken before and after it.

Usage:
    python scripts/fingerprint.py --database warehouse/corp_tiering.duckdb > before.json
    python scripts/fingerprint.py --database other.duckdb --compare before.json
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import duckdb

SCHEMA = "marts"
# Columns that record when or by which run a row was written, not what it says: left out.
# (seeds_fingerprint, which seeds a slice was computed under, is compared: the same seeds give it.)
RUN_COLUMNS = {"detected_at", "invocation_id", "published_at"}


def fingerprint(database: Path, schema: str = SCHEMA) -> dict[str, dict]:
    """{table or table@as_of_date: {"rows": n, "columns": {column: hash}}}, without RUN_COLUMNS."""
    result: dict[str, dict] = {}
    with duckdb.connect(str(database), read_only=True) as con:
        tables = [
            row[0]
            for row in con.execute(
                "select table_name from information_schema.tables where table_schema = ? order by 1", [schema]
            ).fetchall()
        ]
        for table in tables:
            columns = [
                row[0]
                for row in con.execute(
                    "select column_name from information_schema.columns where table_schema = ? and table_name = ? "
                    "order by ordinal_position",
                    [schema, table],
                ).fetchall()
                if row[0] not in RUN_COLUMNS
            ]
            relation = f'"{schema}"."{table}"'
            # A column's hash is the sum of its values' hashes (order-free); a value's text
            # form carries its type's scale, so 1.50 and 1.5 differ as their types do.
            hashes = ", ".join(
                f'sum(hash(coalesce(cast("{column}" as varchar), \'<null>\'))::hugeint) as "{column}"'
                for column in columns
            )
            slices = "as_of_date" in columns and table != "dim_dates"
            group = "as_of_date" if slices else "null"
            rows = con.execute(
                f"select cast({group} as varchar), count(*), {hashes} from {relation} group by 1 order by 1"
            ).fetchall()
            for row in rows:
                key = f"{table}@{row[0]}" if slices else table
                result[key] = {"rows": row[1], "columns": {c: str(v) for c, v in zip(columns, row[2:])}}
            if not rows:
                result[table] = {"rows": 0, "columns": {}}
    return result


def compare(before: dict, after: dict) -> list[str]:
    """Every difference, one line each (empty when identical)."""
    problems = []
    for key in sorted(set(before) | set(after)):
        if key not in after:
            problems.append(f"{key}: missing after")
        elif key not in before:
            problems.append(f"{key}: new after")
        elif before[key]["rows"] != after[key]["rows"]:
            problems.append(f"{key}: {before[key]['rows']} rows before, {after[key]['rows']} after")
        else:
            for column in sorted(set(before[key]["columns"]) | set(after[key]["columns"])):
                if before[key]["columns"].get(column) != after[key]["columns"].get(column):
                    problems.append(f"{key}.{column}: values differ")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", type=Path, required=True)
    parser.add_argument("--schema", default=SCHEMA)
    parser.add_argument("--compare", type=Path, help="a fingerprint file to compare with; exit 1 on a difference")
    args = parser.parse_args(argv)
    current = fingerprint(args.database, args.schema)
    if args.compare is None:
        json.dump(current, sys.stdout, indent=1, sort_keys=True)
        print()
        return 0
    problems = compare(json.loads(args.compare.read_text(encoding="utf-8")), current)
    for line in problems:
        print(line)
    print(
        f"{len(current)} tables and slices compared: "
        + ("identical" if not problems else f"{len(problems)} differences")
    )
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
