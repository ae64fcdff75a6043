"""The run history in quality.raw_row_counts: the raw row counts of the latest run that
passed (what raw.row_count_drop and raw.row_count_growth compare with), and this run's
counts written after the verdict."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from gate.config import HISTORY, HISTORY_TABLE
from gate.warehouse import Warehouse, date_literal


def previous_row_counts(db: Warehouse, raw: str) -> dict[str, float]:
    """Raw row counts of the latest run that passed, from quality.raw_row_counts."""
    exists = db.rows(f"""
        select count(*) from information_schema.tables
        where table_schema = '{HISTORY}' and table_name = 'raw_row_counts'
    """)[0][0]
    if not exists:
        return {}
    return {
        name: float(count)
        for name, count in db.rows(f"""
        select table_name, row_count
        from {HISTORY_TABLE}
        where raw_schema = '{raw}'
          and run_id = (
              select max(run_id) from {HISTORY_TABLE}
              where raw_schema = '{raw}' and gate_passed
          )
    """)
    }


def record_history(
    db: Warehouse, raw: str, as_of: dt.date, tables: pd.DataFrame, passed: bool, run_at: dt.datetime
) -> None:
    """Append this run's raw row counts (the frame raw.tables) with its verdict."""
    db.execute(f"create schema if not exists {HISTORY}")
    db.execute(f"""
        create table if not exists {HISTORY_TABLE} (
            run_id varchar(32),
            run_at timestamp,
            raw_schema varchar(128),
            as_of_date date,
            table_name varchar(128),
            row_count bigint,
            gate_passed boolean
        )
    """)
    run_id = run_at.strftime("%Y%m%dT%H%M%S.%fZ")
    values = ",\n".join(
        f"('{run_id}', cast('{run_at:%Y-%m-%d %H:%M:%S}' as timestamp), '{raw}', "
        f"{date_literal(as_of)}, '{item}', {int(count)}, {'true' if passed else 'false'})"
        for item, count in zip(tables["item"], tables["row_count"])
    )
    db.execute(f"insert into {HISTORY_TABLE} values {values}")
    db.commit()
