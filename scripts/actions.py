#!/usr/bin/env python3
"""Write the relationship managers' work lists: one CSV per branch, reports/actions/<branch_id>.csv,
for the latest as_of_date of marts.mart_manager_actions (docs/segmentation_rules.md §15,
docs/outputs.md).

Each file holds the branch's actions, grouped by relationship manager (the rows without a
manager, the branch's own list, come last) and sorted by priority (1 first), action,
customer or prospect. It is written in UTF-8 with a byte-order mark (utf-8-sig), so that
Excel on a Chinese Windows opens the Chinese reasons correctly. Every branch that has a
customer or prospect on that date gets a file, with the header only when it has no action,
so that an empty list is told apart from a missing one. The CSVs of an earlier run in the
folder are removed first, so none of another date is left behind.

The warehouse is opened read-only (default: the published copy, $BI_DUCKDB_PATH).

Usage:
    python scripts/actions.py [--database warehouse/corp_tiering_bi.duckdb]
                              [--output-dir reports/actions] [--as-of 2026-10-31]
Exit 0 when written, 1 when the mart is missing or has no as_of_date, 2 on a usage error.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import os
import re
import sys
from decimal import Decimal
from pathlib import Path

import duckdb

MART = "marts.mart_manager_actions"
# The columns of each CSV, in order (the mart's, less its key and provenance columns).
COLUMNS = [
    "as_of_date",
    "branch_id",
    "manager_id",
    "manager_name",
    "priority",
    "action_code",
    "trigger_code",
    "population",
    "customer_id",
    "prospect_id",
    "product_category",
    "reason_zh",
    "reason_en",
    "segment_code",
    "previous_segment_code",
    "tier_code",
    "previous_tier_code",
    "lifecycle_stage",
    "previous_lifecycle_stage",
    "deposit_adb_cny",
    "previous_deposit_adb_cny",
    "deposit_adb_drop_ratio",
    "last_visit_date",
    "days_since_last_visit",
    "allowed_days_between_visits",
    "previous_as_of_date",
]
ORDER = (
    "branch_id, manager_id is null, manager_id, priority, action_code, trigger_code, "
    "coalesce(customer_id, prospect_id), product_category"
)
# The branches of the date: every customer's and prospect's, so a branch without actions gets a file.
BRANCHES = """
    select branch_id from marts.fct_customer_segments where as_of_date = ?
    union
    select branch_id from marts.fct_prospect_segments where as_of_date = ?
    union
    select branch_id from marts.mart_manager_actions where as_of_date = ?
"""


class ActionsError(Exception):
    """The lists cannot be written: the message says why."""


def cell(value) -> object:
    """A value as the CSV writes it: dates ISO, decimals without exponent, null empty."""
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value, "f")
    return value


def file_name(branch_id: str) -> str:
    """The branch's file name: its id, with any character unsafe in a file name as `_`."""
    return re.sub(r"[^0-9A-Za-z_.\-\u4e00-\u9fff]", "_", branch_id).lstrip(".") + ".csv"


def write_actions(database: Path | str, output_dir: Path | str, as_of: dt.date | None = None) -> dict:
    """Write one CSV per branch for `as_of` (default: the mart's latest date); returns
    {'as_of_date', 'files', 'actions'}."""
    output_dir = Path(output_dir)
    with duckdb.connect(str(database), read_only=True) as con:
        tables = {
            row[0]
            for row in con.execute(
                "select table_name from information_schema.tables where table_schema = 'marts'"
            ).fetchall()
        }
        if "mart_manager_actions" not in tables:
            raise ActionsError(f"{database} has no {MART}: build it (make daily) and publish first")
        if as_of is None:
            as_of = con.execute(f"select max(as_of_date) from {MART}").fetchone()[0]
            if as_of is None:
                raise ActionsError(f"{MART} in {database} holds no as_of_date")
        branches = sorted(
            row[0] for row in con.execute(BRANCHES, [as_of, as_of, as_of]).fetchall() if row[0] is not None
        )
        if not branches:
            raise ActionsError(f"no customer, prospect or action on as_of_date {as_of} in {database}")
        cursor = con.execute(f"select {', '.join(COLUMNS)} from {MART} where as_of_date = ? order by {ORDER}", [as_of])
        by_branch: dict[str, list[tuple]] = {branch: [] for branch in branches}
        for row in cursor.fetchall():
            by_branch.setdefault(row[1], []).append(row)
    output_dir.mkdir(parents=True, exist_ok=True)
    for stale in output_dir.glob("*.csv"):
        stale.unlink()
    total = 0
    for branch, rows in sorted(by_branch.items()):
        with open(output_dir / file_name(branch), "w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\r\n")
            writer.writerow(COLUMNS)
            writer.writerows([cell(v) for v in row] for row in rows)
        total += len(rows)
    return {"as_of_date": as_of, "files": len(by_branch), "actions": total}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database",
        default=os.environ.get("BI_DUCKDB_PATH", "warehouse/corp_tiering_bi.duckdb"),
        help="a DuckDB file with a marts schema (default $BI_DUCKDB_PATH or warehouse/corp_tiering_bi.duckdb; "
        "the warehouse works too)",
    )
    parser.add_argument("--output-dir", type=Path, default=Path("reports/actions"))
    parser.add_argument("--as-of", type=dt.date.fromisoformat, help="the as_of_date (default: the latest)")
    args = parser.parse_args(argv)
    if not Path(args.database).exists():
        parser.error(f"no warehouse at {args.database}")
    try:
        written = write_actions(args.database, args.output_dir, args.as_of)
    except ActionsError as error:
        print(f"actions: {error}", file=sys.stderr)
        return 1
    print(
        f"actions: {written['actions']} actions of as_of_date {written['as_of_date']} in "
        f"{written['files']} branch files under {args.output_dir}/"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
