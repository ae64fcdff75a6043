"""One run's state and the order of its suites: class Gate holds the warehouse, the
thresholds (each read marked as used, so that an entry no suite reads is an error), the
as_of_date and the one before it, the raw columns' actual types, and the profile frames
and checks the suite modules add; `profile` runs the suites in their order."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pandas as pd
from generate_demo_data import CONTRACT  # the raw-data contract: columns, types, keys

from gate.checks import Check
from gate.config import MARTS, SEVERITIES, THRESHOLDS
from gate.marts_coverage import profile_coverage, profile_rejections
from gate.marts_profit import profile_profit
from gate.marts_shares import profile_shares
from gate.raw_deposits import profile_deposits
from gate.raw_schema import profile_schema
from gate.raw_tables import profile_tables
from gate.raw_value_sets import profile_value_sets
from gate.warehouse import Warehouse, date_literal, engine_sql


class Gate:
    """Profiles the warehouse in SQL into small frames, builds the checks (GX
    expectations) on them from gx/thresholds.yml."""

    def __init__(self, warehouse: Warehouse, config: dict, as_of: dt.date | None, raw_schema: str = "raw"):
        self.db = warehouse
        self.config = config
        self.raw = raw_schema
        self.frames: dict[str, pd.DataFrame] = {}
        self.checks: list[Check] = []
        self.actual_types: dict[str, dict[str, str]] = {}
        self.used: set[str] = set()
        self.as_of = as_of or self.latest_as_of()
        self.previous_as_of = self.previous_as_of_date()

    def cfg(self, name: str) -> dict:
        self.used.add(name)
        if name not in self.config:
            raise SystemExit(f"{THRESHOLDS}: expectation {name} is missing")
        return self.config[name]

    def severity(self, name: str, item: str | None = None) -> str:
        entry = self.cfg(name)
        return (entry.get("severity_by_item") or {}).get(item, entry["severity"])

    def add(self, check: Check) -> None:
        self.checks.append(check)

    def expect(self, cls_name: str, name: str, severity: str, **kwargs: Any) -> Any:
        import great_expectations.expectations as gxe

        cls = getattr(gxe, cls_name)
        return cls(
            meta={"gate_name": name, "gate_severity": severity},
            severity=SEVERITIES[severity],
            notes=f"{name} ({severity})",
            **kwargs,
        )

    def share_check(
        self,
        name: str,
        suite: str,
        frame: pd.DataFrame,
        share: str,
        bad: str,
        describe: Callable[[], str] | None = None,
        note: str = "",
    ) -> None:
        """A share of bad rows per item, at most `max_share`. Up to `allow_rows` bad rows
        of an item are tolerated whatever their share (a handful of rows in a small table
        is not a broken load): such items are not judged (null in column judged_<share>)."""
        entry = self.cfg(name)
        allow = int(entry.get("allow_rows", 0))
        judged = f"judged_{share}"
        frame[judged] = [
            s if b is not None and not pd.isna(b) and b > allow else None for s, b in zip(frame[share], frame[bad])
        ]
        frame[judged] = frame[judged].astype(float)
        sev = self.severity(name)
        self.add(
            Check(
                name,
                suite,
                sev,
                self.expect("ExpectColumnValuesToBeBetween", name, sev, column=judged, max_value=entry["max_share"]),
                column=share,
                gx_column=judged,
                describe=describe,
                note=note,
                limit=f"<= {entry['max_share']:.2%}" + (f" or <= {allow} rows" if allow else ""),
            )
        )

    def latest_as_of(self) -> dt.date:
        (day,) = self.db.rows(f"select max(as_of_date) from {MARTS}.fct_customer_segments")[0]
        if day is None:
            raise SystemExit(f"{MARTS}.fct_customer_segments is empty: build the marts before the gate")
        return day if isinstance(day, dt.date) else dt.date.fromisoformat(str(day)[:10])

    def previous_as_of_date(self) -> dt.date | None:
        (day,) = self.db.rows(
            f"select max(as_of_date) from {MARTS}.fct_customer_segments where as_of_date < {date_literal(self.as_of)}"
        )[0]
        if day is None:
            return None
        return day if isinstance(day, dt.date) else dt.date.fromisoformat(str(day)[:10])

    def raw_table(self, name: str) -> str:
        return f"{self.raw}.{name}"

    def is_text(self, table_name: str, column: str) -> bool:
        """The column exists as text while the contract declares another type."""
        declared = dict(CONTRACT[table_name][0])[column]
        actual = self.actual_types.get(table_name, {}).get(column)
        return actual == "VARCHAR" and declared != "VARCHAR"

    def typed(self, table_name: str, column: str) -> str:
        """The column as its declared type: try_cast of the trimmed text when landed as
        text, try_cast when landed in another type (a DOUBLE holding inf becomes null),
        never a bare cast, so that no raw value stops the gate."""
        declared = dict(CONTRACT[table_name][0])[column]
        if self.is_text(table_name, column):
            return engine_sql(self.db.engine, "try_cast", f"trim({column})", declared)
        actual = self.actual_types.get(table_name, {}).get(column)
        if actual is not None and actual != declared:
            return engine_sql(self.db.engine, "try_cast", column, declared)
        return column

    def missing(self, table_name: str, column: str) -> str:
        actual = self.actual_types.get(table_name, {}).get(column)
        if actual == "VARCHAR":
            return f"({column} is null or trim({column}) = '')"
        return f"({column} is null)"

    def profile(self) -> None:
        profile_schema(self)
        profile_tables(self)
        profile_value_sets(self)
        profile_deposits(self)
        profile_shares(self, "tier_code", "marts.tier_share")
        profile_shares(self, "segment_code", "marts.segment_share")
        profile_profit(self)
        profile_coverage(self)
        profile_rejections(self)
        unknown = set(self.config) - self.used
        if unknown:
            raise SystemExit(f"{THRESHOLDS}: no such expectation: {', '.join(sorted(unknown))}")
