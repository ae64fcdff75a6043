#!/usr/bin/env python3
"""Readable summary of a built corp_tiering warehouse (DuckDB): raw tables and row
counts, the demo generator's speed, where every raw row went (staged or rejected, by
table and reason), the latest as_of_date's customers and prospects by tier and segment,
the segment migration, and where the report and the docs were written."""

from __future__ import annotations

import argparse
import json
import os
import unicodedata
from decimal import Decimal
from pathlib import Path

import duckdb


def width(text: str) -> int:
    """Columns a string takes in a terminal: CJK characters take two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def cell(value: object) -> str:
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, (float, Decimal)):
        return f"{value:,.2f}"
    return "" if value is None else str(value)


def table(rows: list[tuple], headers: list[str]) -> str:
    cells = [[str(h) for h in headers]] + [[cell(v) for v in r] for r in rows]
    widths = [max(width(row[i]) for row in cells) for i in range(len(headers))]
    numeric = [bool(rows) and all(isinstance(r[i], (int, float, Decimal)) for r in rows) for i in range(len(headers))]

    def line(row: list[str]) -> str:
        padded = [
            (" " * (w - width(c)) + c) if numeric[i] else (c + " " * (w - width(c)))
            for i, (c, w) in enumerate(zip(row, widths))
        ]
        return "  ".join(padded).rstrip()

    return "\n".join([line(cells[0]), "  ".join("-" * w for w in widths)] + [line(r) for r in cells[1:]])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", default=os.environ.get("DBT_DUCKDB_PATH", "warehouse/corp_tiering.duckdb"))
    parser.add_argument("--raw-schema", default="raw")
    parser.add_argument("--report", type=Path, help="the HTML report to point to (scripts/report.py)")
    parser.add_argument("--docs", type=Path, help="the dbt docs site to point to (target/index.html)")
    parser.add_argument("--quality-docs", type=Path, help="the quality gate's Data Docs to point to")
    args = parser.parse_args()

    con = duckdb.connect(args.database, read_only=True)
    manifest_path = Path(f"{args.database}.manifest.json")
    if manifest_path.exists():
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        print(
            f"Demo data: {manifest['customers']:,} customers, {manifest['days']} days to {manifest['as_of']} "
            f"(seed {manifest['seed']}); {manifest['raw_rows']:,} raw rows in {manifest['seconds']:.1f} s "
            f"= {manifest['rows_per_second']:,} rows/s"
        )
        print()

    raw_tables = [
        r[0]
        for r in con.execute(
            "select table_name from information_schema.tables where table_schema = ? order by table_name",
            [args.raw_schema],
        ).fetchall()
    ]
    rejected = dict(
        con.execute("select source_table, count(*) from marts.dq_rejected_rows group by source_table").fetchall()
    )
    rows = []
    for name in raw_tables:
        system, entity = name.split("_", 1)
        raw_count = con.execute(f'select count(*) from "{args.raw_schema}"."{name}"').fetchone()[0]
        staged = con.execute(f"select count(*) from staging.stg_{system}__{entity}").fetchone()[0]
        rows.append(
            (
                name,
                raw_count,
                staged,
                rejected.get(name, 0),
                "ok" if raw_count == staged + rejected.get(name, 0) else "MISMATCH",
            )
        )
    print("Raw tables: every row staged or rejected")
    print(table(rows, ["raw table", "raw rows", "staged", "rejected", "conserved"]))
    print()

    print_rejections(con)
    print_segments(con)
    print_migration(con)
    print_outputs(args)
    return 0


# Short column headings for the rejection reasons (docs/segmentation_rules.md, docs/raw_data_contract.md).
REASONS = {
    "null_primary_key": "null key",
    "duplicate_primary_key": "duplicate",
    "wrong_type": "wrong type",
    "implausible_amount": "implausible",
    "unknown_code": "unknown code",
    "impossible_date": "bad date",
    "negative_balance": "negative",
    "closed_without_closed_date": "no closed date",
    "orphan_foreign_key": "orphan",
}


def print_rejections(con: duckdb.DuckDBPyConnection) -> None:
    """Rejected rows as one table: raw tables down, reasons across (only those that occur)."""
    counts = con.execute("""
        select source_table, reason_code, count(*) from marts.dq_rejected_rows group by all
    """).fetchall()
    if not counts:
        print("Quarantine: no raw row was rejected")
        print()
        return
    reasons = [r for r in REASONS if any(c[1] == r for c in counts)]
    reasons += sorted({c[1] for c in counts} - set(reasons))
    cells = {(t, r): n for t, r, n in counts}
    tables = sorted({c[0] for c in counts})
    rows = [
        (t,) + tuple(cells.get((t, r), 0) for r in reasons) + (sum(cells.get((t, r), 0) for r in reasons),)
        for t in tables
    ]
    rows.append(
        ("total",) + tuple(sum(cells.get((t, r), 0) for t in tables) for r in reasons) + (sum(n for _, _, n in counts),)
    )
    print("Quarantine: rejected rows by raw table and reason (marts.dq_rejected_rows)")
    print(table(rows, ["raw table"] + [REASONS.get(r, r) for r in reasons] + ["rejected"]))
    print()


def print_outputs(args: argparse.Namespace) -> None:
    """Where to look next: the report, the docs site, the quality gate's Data Docs."""
    lines = [
        (label, path)
        for label, path in (
            ("Report (open in a browser)", args.report),
            ("dbt docs site", args.docs),
            ("Quality gate Data Docs", args.quality_docs),
        )
        if path is not None
    ]
    for label, path in lines:
        state = "" if path.exists() else "   (not written)"
        print(f"{label + ':':28s}{path.resolve()}{state}")
    if lines:
        print()


def print_migration(con: duckdb.DuckDBPyConnection) -> None:
    """The migration matrix between the last two as_of_dates (marts.mart_segment_migration):
    customers from each segment (rows) to each segment (columns); `none` is out of scope."""
    last = con.execute(
        "select from_as_of_date, to_as_of_date from marts.mart_segment_migration order by to_as_of_date desc limit 1"
    ).fetchone()
    if last is None:
        print("Segment migration: only one as_of_date built so far (run more month-ends, e.g. make backfill)")
        return
    cells = con.execute(
        """
        select from_segment_code, to_segment_code, customers
        from marts.mart_segment_migration where from_as_of_date = ? and to_as_of_date = ?
    """,
        list(last),
    ).fetchall()
    order = ["important", "quality", "ordinary", "exit", "none"]
    codes = [c for c in order if any(c in (f, t) for f, t, _ in cells)]
    codes += sorted({c for f, t, _ in cells for c in (f, t)} - set(codes))
    counts = {(f, t): n for f, t, n in cells}
    rows = [(f"{f}",) + tuple(counts.get((f, t), 0) for t in codes) for f in codes]
    print(f"Segment migration (客户群迁移) of existing customers from {last[0]} (rows) to {last[1]} (columns)")
    print(table(rows, ["from \\ to"] + codes))
    print()


def print_segments(con: duckdb.DuckDBPyConnection) -> None:
    """Tier x segment of the latest as_of_date: customer counts (and profit for the
    existing customers), from marts.mart_segment_summary."""
    as_of = con.execute("select max(as_of_date) from marts.mart_segment_summary").fetchone()[0]
    tiers = ["strategic", "large", "medium", "small", "above_scale", "below_scale"]
    segments = ["important", "quality", "ordinary", "exit", "gold", "potential", "watch", "general"]
    for population, money in (("existing", True), ("target", False)):
        rows = con.execute(
            """
            select tier_code, segment_code, tier_code || ' ' || tier_code_zh, segment_code || ' ' || segment_code_zh,
                   cast(sum(customers) as bigint), sum(profit_contribution)
            from marts.mart_segment_summary
            where as_of_date = ? and population = ?
            group by all
        """,
            [as_of, population],
        ).fetchall()
        rows = [
            r[2:]
            for r in sorted(
                rows,
                key=lambda r: (
                    tiers.index(r[0]) if r[0] in tiers else len(tiers),
                    r[0],
                    segments.index(r[1]) if r[1] in segments else 99,
                    r[1],
                ),
            )
        ]
        title = "Existing customers (存量客户)" if money else "Target prospects (目标客户)"
        print(f"{title} by tier and segment on {as_of}")
        if money:
            print(table(rows, ["tier", "segment", "customers", "profit contribution (CNY)"]))
        else:
            print(table([(t, s, n) for t, s, n, _ in rows], ["tier", "segment", "prospects"]))
        print()


if __name__ == "__main__":
    raise SystemExit(main())
