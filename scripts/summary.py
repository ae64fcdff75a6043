#!/usr/bin/env python3
"""Readable summary of a built corp_tiering warehouse (DuckDB): raw tables and row
counts, the demo generator's speed, and where every raw row went (staged or rejected,
by table and reason)."""
from __future__ import annotations

import argparse
import json
import os
from pathlib import Path

import duckdb


def table(rows: list[tuple], headers: list[str]) -> str:
    cells = [[str(h) for h in headers]] + [[f"{v:,}" if isinstance(v, int) else str(v) for v in r] for r in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    numeric = [bool(rows) and all(isinstance(r[i], (int, float)) for r in rows) for i in range(len(headers))]

    def line(row: list[str]) -> str:
        return "  ".join(c.rjust(w) if numeric[i] else c.ljust(w) for i, (c, w) in enumerate(zip(row, widths)))

    return "\n".join([line(cells[0]), "  ".join("-" * w for w in widths)] + [line(r) for r in cells[1:]])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", default=os.environ.get("DBT_DUCKDB_PATH", "warehouse/corp_tiering.duckdb"))
    parser.add_argument("--raw-schema", default="raw")
    args = parser.parse_args()

    con = duckdb.connect(args.database, read_only=True)
    manifest_path = Path(f"{args.database}.manifest.json")
    if manifest_path.exists():
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        print(f"Demo data: {manifest['customers']:,} customers, {manifest['days']} days to {manifest['as_of']} "
              f"(seed {manifest['seed']}); {manifest['raw_rows']:,} raw rows in {manifest['seconds']:.1f} s "
              f"= {manifest['rows_per_second']:,} rows/s")
        print()

    raw_tables = [r[0] for r in con.execute(
        "select table_name from information_schema.tables where table_schema = ? order by table_name",
        [args.raw_schema]).fetchall()]
    rejected = dict(con.execute(
        "select source_table, count(*) from marts.dq_rejected_rows group by source_table").fetchall())
    rows = []
    for name in raw_tables:
        system, entity = name.split("_", 1)
        raw_count = con.execute(f'select count(*) from "{args.raw_schema}"."{name}"').fetchone()[0]
        staged = con.execute(f"select count(*) from staging.stg_{system}__{entity}").fetchone()[0]
        rows.append((name, raw_count, staged, rejected.get(name, 0),
                     "ok" if raw_count == staged + rejected.get(name, 0) else "MISMATCH"))
    print("Raw tables: every row staged or rejected")
    print(table(rows, ["raw table", "raw rows", "staged", "rejected", "conserved"]))
    print()

    reasons = con.execute("""
        select source_table, reason_code, count(*) as rows
        from marts.dq_rejected_rows
        group by source_table, reason_code
        order by source_table, min(reason_code)
    """).fetchall()
    print("Quarantine: rejected rows by table and reason (marts.dq_rejected_rows)")
    print(table(reasons, ["raw table", "reason", "rows"]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
