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
portable; the engine-specific pieces are in `engine_sql`, the connection in `connect`.

Prints a table (suite, expectation, blocking/warning, pass/fail, observed value),
writes GX Data Docs (index.html) to --docs-dir, keeps each run's raw row counts in
quality.raw_row_counts, and exits 1 when a blocking expectation fails, else 0.

Usage:
    python scripts/quality_gate.py [--database PATH|postgresql://…] [--as-of YYYY-MM-DD] [--docs-dir DIR]
"""

from __future__ import annotations

import argparse
import ast
import datetime as dt
import math
import os
import re
import shutil
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

PROJECT_DIR = Path(__file__).resolve().parent.parent
if str(PROJECT_DIR / "scripts") not in sys.path:
    sys.path.insert(0, str(PROJECT_DIR / "scripts"))

from generate_demo_data import CONTRACT  # noqa: E402  the raw-data contract: columns, types, keys
from summary import table  # noqa: E402  the project's terminal table

THRESHOLDS = PROJECT_DIR / "gx" / "thresholds.yml"
CONTRACT_CODES_MACRO = PROJECT_DIR / "macros" / "staging" / "raw_columns.sql"
DEFAULT_DOCS_DIR = PROJECT_DIR / "reports" / "quality_gate"
MARTS, SEEDS, HISTORY = "marts", "seeds", "quality"
HISTORY_TABLE = f"{HISTORY}.raw_row_counts"
# Foreign-key columns of the contract whose null rate is checked with the primary keys.
FOREIGN_KEYS = ("customer_id", "account_id", "loan_id", "prospect_id", "branch_id")
# GB 32100 shape: 31-character set (no I, O, S, V, Z), positions 3-8 digits.
USCC_PATTERN = "[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}"
# A coded column's distinct values are repeated in proportion to their row counts,
# to this many slots, so that GX's `mostly` reads as a share of rows.
VALUE_SET_SLOTS = 10_000
NULL_CODE = "(null)"
SEVERITIES = {"blocking": "critical", "warning": "warning"}


# ---------------------------------------------------------------------- engine
class Warehouse:
    """A DB-API connection and its engine's name; every query of the gate goes here."""

    def __init__(self, engine: str, con: Any):
        self.engine = engine
        self.con = con

    def cursor(self, sql: str) -> Any:
        cursor = self.con if self.engine == "duckdb" else self.con.cursor()
        cursor.execute(sql)
        return cursor

    def rows(self, sql: str) -> list[tuple]:
        return self.cursor(sql).fetchall()

    def frame(self, sql: str) -> pd.DataFrame:
        cursor = self.cursor(sql)
        columns = [d[0] for d in cursor.description]
        return pd.DataFrame.from_records(cursor.fetchall(), columns=columns)

    def execute(self, sql: str) -> None:
        self.cursor(sql)

    def commit(self) -> None:
        if self.engine != "duckdb":
            self.con.commit()

    def close(self) -> None:
        self.con.close()


def connect(database: str) -> Warehouse:
    """Open the warehouse: a DuckDB file path, or a PostgreSQL URL
    (postgresql://user[:password]@host[:port]/dbname, opened with psycopg2)."""
    if database.startswith(("postgresql://", "postgres://")):
        import psycopg2

        con = psycopg2.connect(database)
        engine = "postgres" if con.server_version >= 160000 else "postgres15"
        if engine == "postgres15":
            create_try_cast(con)
        return Warehouse(engine, con)
    if "://" in database:
        raise SystemExit(f"{database}: not a DuckDB file or a postgresql:// URL")
    import duckdb

    if not Path(database).exists():
        raise SystemExit(f"{database}: no such warehouse file (run make demo or dbt build first)")
    return Warehouse("duckdb", duckdb.connect(database))


def create_try_cast(con: Any) -> None:
    """PostgreSQL before 16 has neither try_cast nor pg_input_is_valid: the gate's own
    function in its schema (the same as the dbt project's corp_tiering_try_cast)."""
    with con.cursor() as cur:
        cur.execute(f"create schema if not exists {HISTORY}")
        cur.execute(f"""
            create or replace function {HISTORY}.try_cast(value text, type_name text, inout result anyelement)
            language plpgsql immutable as $body$
            begin
                execute format('select cast(%L as %s)', value, type_name) into result;
            exception when others then
                result := null;
            end
            $body$
        """)
    con.commit()


def engine_sql(engine: str, function: str, expression: str, argument: str) -> str:
    """The engine-specific SQL of the gate, all in one place.

    full_match: `expression` matches the regular expression `argument` entirely.
    try_cast: `expression` cast to type `argument`, null when it does not convert."""
    dialects = {
        "duckdb": {
            "full_match": f"regexp_full_match({expression}, '{argument}')",
            "try_cast": f"try_cast({expression} as {argument})",
        },
        "postgres": {
            "full_match": f"({expression} ~ '^(?:{argument})$')",
            "try_cast": f"(case when pg_input_is_valid({expression}, '{argument}') "
            f"then cast({expression} as {argument}) end)",
        },
        "postgres15": {
            "full_match": f"({expression} ~ '^(?:{argument})$')",
            "try_cast": f"cast({HISTORY}.try_cast(cast({expression} as text), '{argument}', "
            f"cast(null as {argument})) as {argument})",
        },
    }
    if engine not in dialects:
        raise SystemExit(f"quality gate: no SQL dialect for engine {engine}")
    return dialects[engine][function]


def date_literal(day: dt.date) -> str:
    return f"cast('{day.isoformat()}' as date)"


# ---------------------------------------------------------------------- config
def load_thresholds(path: Path) -> dict:
    config = yaml.safe_load(path.read_text(encoding="utf-8"))["expectations"]
    for name, entry in config.items():
        if entry.get("severity") not in SEVERITIES:
            raise SystemExit(f"{path}: {name}: severity must be blocking or warning, not {entry.get('severity')!r}")
        for item, severity in (entry.get("severity_by_item") or {}).items():
            if severity not in SEVERITIES:
                raise SystemExit(f"{path}: {name}.severity_by_item.{item}: must be blocking or warning")
    return config


def contract_codes() -> dict[str, list[str]]:
    """The contract's code lists that no seed carries, read from dbt's own definition
    (macro contract_codes) so that the gate and staging cannot disagree."""
    text = CONTRACT_CODES_MACRO.read_text(encoding="utf-8")
    match = re.search(r"set\s+codes\s*=\s*(\{.*?\})\s*-?%\}", text, re.S)
    if not match:
        raise SystemExit(f"{CONTRACT_CODES_MACRO}: cannot find the code lists of macro contract_codes")
    return ast.literal_eval(match.group(1))


# ---------------------------------------------------------------------- checks
@dataclass
class Check:
    """One expectation of the gate: where it reads, how it is shown."""

    name: str
    suite: str
    severity: str
    expectation: Any
    column: str  # the profile column shown as observed
    limit: str = ""  # the threshold, as printed
    kind: str = "share"  # how observed values print: share, ratio, count, text
    items: list[str] | None = None  # the frame rows (by item) it applies to; None = all
    worst: str = "max"  # which end of the column is the headline when it passes
    describe: Callable[[], str] | None = None
    note: str = ""
    gx_column: str | None = None  # the column GX validates, when not `column`


@dataclass
class Outcome:
    suite: str
    name: str
    severity: str
    success: bool
    observed: str
    limit: str = ""


@dataclass
class GateResult:
    outcomes: list[Outcome]
    docs_index: Path | None
    as_of: dt.date
    previous_as_of: dt.date | None
    seconds: float
    profile_seconds: float = 0.0
    frames: dict[str, pd.DataFrame] = field(default_factory=dict)

    @property
    def blocking_failures(self) -> list[str]:
        return [o.name for o in self.outcomes if not o.success and o.severity == "blocking"]

    @property
    def failures(self) -> list[str]:
        return [o.name for o in self.outcomes if not o.success]

    @property
    def passed(self) -> bool:
        return not self.blocking_failures


def fmt(value: Any, kind: str) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "n/a"
    if kind == "share":
        return f"{float(value):.2%}"
    if kind == "ratio":
        return f"{float(value):.2f}"
    if kind == "count":
        return f"{int(value):,}"
    return str(value)


class Gate:
    """Profiles the warehouse in SQL into small frames, builds the checks (GX
    expectations) on them from gx/thresholds.yml, and records the run history."""

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

    # ------------------------------------------------------------ helpers
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

    # ------------------------------------------------------------ raw: schema
    def profile_schema(self) -> None:
        rows = self.db.rows(f"""
            select table_name, column_name, data_type, numeric_precision, numeric_scale
            from information_schema.columns
            where table_schema = '{self.raw}'
        """)
        for table_name, column, data_type, precision, scale in rows:
            self.actual_types.setdefault(table_name.lower(), {})[column.lower()] = canonical_type(
                data_type, precision, scale
            )
        records = []
        for table_name, (columns, _) in CONTRACT.items():
            for column, declared in columns:
                actual = self.actual_types.get(table_name, {}).get(column)
                records.append({"item": f"{table_name}.{column}", "declared_type": declared, "actual_type": actual})
        frame = pd.DataFrame.from_records(records)
        self.frames["raw.schema"] = frame

        name = "raw.columns_present"
        sev = self.severity(name)
        missing = frame[frame["actual_type"].isna()]["item"].tolist()
        self.add(
            Check(
                name,
                "raw.schema",
                sev,
                self.expect("ExpectColumnValuesToNotBeNull", name, sev, column="actual_type"),
                column="actual_type",
                kind="text",
                limit="all present",
                describe=lambda: (
                    f"{len(frame) - len(missing)} of {len(frame)} contract columns"
                    + (f"; missing: {', '.join(missing[:3])}" if missing else "")
                    + (f" (+{len(missing) - 3} more)" if len(missing) > 3 else "")
                ),
            )
        )

        name = "raw.column_types"
        sev = self.severity(name)
        differ = frame[frame["actual_type"].notna() & (frame["actual_type"] != frame["declared_type"])]
        self.add(
            Check(
                name,
                "raw.schema",
                sev,
                self.expect(
                    "ExpectColumnPairValuesToBeEqual",
                    name,
                    sev,
                    column_A="actual_type",
                    column_B="declared_type",
                    ignore_row_if="either_value_is_missing",
                ),
                column="actual_type",
                kind="text",
                limit="as declared",
                describe=lambda: (
                    "all as declared"
                    if differ.empty
                    else f"{len(differ)} columns differ, e.g. {differ.iloc[0]['item']} "
                    f"{differ.iloc[0]['actual_type']} (declared {differ.iloc[0]['declared_type']})"
                ),
            )
        )

    # ------------------------------------------------------------ raw: tables
    def profile_tables(self) -> None:
        """One scan per raw table: row count, missing keys, unparsable text values,
        USCC shapes."""
        table_rows, null_rows, text_rows, uscc_rows = [], [], [], []
        for table_name, (columns, key) in CONTRACT.items():
            present = self.actual_types.get(table_name, {})
            if not present:
                table_rows.append({"item": table_name, "row_count": 0})
                continue
            names = [c for c, _ in columns if c in present]
            keys = [c for c in names if c in key or c in FOREIGN_KEYS]
            text = [c for c in names if self.is_text(table_name, c)]
            parts = ["count(*) as row_count"]
            for i, column in enumerate(keys):
                parts.append(f"sum(case when {self.missing(table_name, column)} then 1 else 0 end) as k{i}")
            for i, column in enumerate(text):
                blank = self.missing(table_name, column)
                parts.append(
                    f"sum(case when not {blank} and {self.typed(table_name, column)} is null then 1 else 0 end) as p{i}"
                )
                parts.append(f"sum(case when not {blank} then 1 else 0 end) as n{i}")
            has_uscc = "uscc" in names
            if has_uscc:
                code = "upper(trim(uscc))"
                parts.append(
                    f"sum(case when {self.missing(table_name, 'uscc')} then 0 "
                    f"when {engine_sql(self.db.engine, 'full_match', code, USCC_PATTERN)} then 0 "
                    "else 1 end) as uscc_bad"
                )
                parts.append(f"sum(case when {self.missing(table_name, 'uscc')} then 0 else 1 end) as uscc_n")
            frame = self.db.frame(f"select {', '.join(parts)} from {self.raw_table(table_name)}")
            result = frame.iloc[0].to_dict()
            row_count = int(result["row_count"])
            table_rows.append({"item": table_name, "row_count": row_count})
            for i, column in enumerate(keys):
                null_rows.append(
                    {"item": f"{table_name}.{column}", "rows": row_count, "null_rows": int(result[f"k{i}"] or 0)}
                )
            for i, column in enumerate(text):
                text_rows.append(
                    {
                        "item": f"{table_name}.{column}",
                        "rows": int(result[f"n{i}"] or 0),
                        "unparsed_rows": int(result[f"p{i}"] or 0),
                    }
                )
            if has_uscc:
                checked = int(result["uscc_n"] or 0)
                uscc_rows.append(
                    {"item": f"{table_name}.uscc", "rows": checked, "mismatched_rows": int(result["uscc_bad"] or 0)}
                )

        tables = pd.DataFrame.from_records(table_rows)
        baseline = self.previous_row_counts()
        tables["previous_row_count"] = tables["item"].map(baseline).astype(float)
        tables["change_ratio"] = [
            change_ratio(count, previous) for count, previous in zip(tables["row_count"], tables["previous_row_count"])
        ]
        tables["change_ratio"] = tables["change_ratio"].astype(float)
        self.frames["raw.tables"] = tables

        name = "raw.row_counts_nonzero"
        sev = self.severity(name)
        self.add(
            Check(
                name,
                "raw.tables",
                sev,
                self.expect(
                    "ExpectColumnValuesToBeBetween", name, sev, column="row_count", min_value=self.cfg(name)["min_rows"]
                ),
                column="row_count",
                kind="count",
                worst="min",
                limit=f">= {self.cfg(name)['min_rows']:,} rows",
            )
        )
        first_run = tables["previous_row_count"].isna().all()
        for name, bound in (("raw.row_count_drop", "min"), ("raw.row_count_growth", "max")):
            sev = self.severity(name)
            limit = self.cfg(name)[f"{bound}_ratio"]
            self.add(
                Check(
                    name,
                    "raw.tables",
                    sev,
                    self.expect(
                        "ExpectColumnValuesToBeBetween", name, sev, column="change_ratio", **{f"{bound}_value": limit}
                    ),
                    column="change_ratio",
                    kind="ratio",
                    worst=bound,
                    limit=f"{'>=' if bound == 'min' else '<='} {limit:.2f}",
                    describe=(lambda: "first run: no previous counts") if first_run else None,
                )
            )

        nulls = with_share(null_rows, "null_rows", "null_share")
        self.frames["raw.key_nulls"] = nulls
        self.share_check("raw.key_null_rate", "raw.key_nulls", nulls, "null_share", "null_rows")

        texts = with_share(text_rows, "unparsed_rows", "unparsed_share")
        self.frames["raw.text_values"] = texts
        self.share_check(
            "raw.text_values_parse",
            "raw.text_values",
            texts,
            "unparsed_share",
            "unparsed_rows",
            describe=None if len(texts) else (lambda: "no text-loaded columns"),
        )

        uscc = with_share(uscc_rows, "mismatched_rows", "mismatch_share")
        self.frames["raw.uscc"] = uscc
        self.share_check("raw.uscc_pattern", "raw.uscc", uscc, "mismatch_share", "mismatched_rows")

    def previous_row_counts(self) -> dict[str, float]:
        """Raw row counts of the latest run that passed, from quality.raw_row_counts."""
        exists = self.db.rows(f"""
            select count(*) from information_schema.tables
            where table_schema = '{HISTORY}' and table_name = 'raw_row_counts'
        """)[0][0]
        if not exists:
            return {}
        return {
            name: float(count)
            for name, count in self.db.rows(f"""
            select table_name, row_count
            from {HISTORY_TABLE}
            where raw_schema = '{self.raw}'
              and run_id = (
                  select max(run_id) from {HISTORY_TABLE}
                  where raw_schema = '{self.raw}' and gate_passed
              )
        """)
        }

    # ------------------------------------------------------------ raw: value sets
    def profile_value_sets(self) -> None:
        entry = self.cfg("raw.value_set")
        codes = contract_codes()
        slots: dict[str, list[str]] = {}
        for item, source in entry["columns"].items():
            table_name, column = item.split(".")
            if column not in self.actual_types.get(table_name, {}):
                continue
            allowed = self.allowed_codes(item, source, codes)
            counts = self.db.rows(f"""
                select coalesce(nullif(lower(trim({column})), ''), '{NULL_CODE}') as code, count(*) as row_count
                from {self.raw_table(table_name)}
                group by coalesce(nullif(lower(trim({column})), ''), '{NULL_CODE}')
            """)
            total = sum(n for _, n in counts)
            values: list[str] = []
            for code, n in sorted(counts, key=lambda r: (-r[1], r[0])):
                values += [code] * max(1, round(n / total * VALUE_SET_SLOTS))
            slots[item] = values
            unknown = sorted(((n, code) for code, n in counts if code not in allowed), reverse=True)
            unknown_rows = sum(n for n, _ in unknown)
            share = unknown_rows / total if total else 0.0
            # Up to allow_rows unknown rows are tolerated whatever their share: `mostly`
            # is lowered accordingly for a small table.
            allow = int(entry.get("allow_rows", 0))
            mostly = min(entry["mostly"], 1 - allow / total) if total else entry["mostly"]
            name = f"raw.value_set.{item}"
            sev = self.severity("raw.value_set", item)
            self.add(
                Check(
                    name,
                    "raw.value_sets",
                    sev,
                    self.expect(
                        "ExpectColumnValuesToBeInSet",
                        name,
                        sev,
                        column=item,
                        value_set=sorted(allowed),
                        mostly=max(mostly, 0.0),
                    ),
                    column=item,
                    kind="text",
                    limit=f">= {entry['mostly']:.2%} known" + (f" or <= {allow} rows" if allow else ""),
                    describe=(
                        lambda share=share, unknown=unknown: (
                            f"unknown {share:.2%}" + (f": {', '.join(c for _, c in unknown[:3])}" if unknown else "")
                        )
                    ),
                )
            )
        longest = max((len(v) for v in slots.values()), default=0)
        self.frames["raw.value_sets"] = pd.DataFrame(
            {
                item: pd.Series(values + [None] * (longest - len(values)), dtype="object")
                for item, values in slots.items()
            }
        )

    def allowed_codes(self, item: str, source: dict, codes: dict[str, list[str]]) -> set[str]:
        if "contract" in source:
            if source["contract"] not in codes:
                raise SystemExit(f"{THRESHOLDS}: raw.value_set {item}: no contract code list {source['contract']}")
            return {c.lower() for c in codes[source["contract"]]}
        seed, column = source["seed"].split(".")
        where = " and ".join(f"{k} = '{v}'" for k, v in (source.get("where") or {}).items()) or "1 = 1"
        return {
            str(code).strip().lower()
            for (code,) in self.db.rows(
                f"select distinct {column} from {SEEDS}.{seed} where {where} and {column} is not null"
            )
        }

    # ------------------------------------------------------------ raw: deposits
    def profile_deposits(self) -> None:
        """Deposit balances of as_of_date's month and the month before: negative rows,
        and the average daily balance per region."""
        current_start = self.as_of.replace(day=1)
        previous_start = (current_start - dt.timedelta(days=1)).replace(day=1)
        needed = {
            "ecif_branches": ("branch_id", "region_code"),
            "ecif_customers": ("customer_id", "branch_id"),
            "core_deposit_accounts": ("account_id", "customer_id"),
            "core_deposit_balances": ("account_id", "balance_date", "balance"),
        }
        if not all(set(columns) <= set(self.actual_types.get(t, {})) for t, columns in needed.items()):
            # raw.columns_present reports what is missing; nothing to judge here.
            regions = pd.DataFrame(columns=["item", "current_adb", "previous_adb", "ratio"])
            negatives = with_share([], "negative_rows", "negative_share")
        else:
            balance_date = self.typed("core_deposit_balances", "balance_date")
            recent = f"""
                recent_balances as (
                    select trim(account_id) as account_id, balance_date, balance
                    from (
                        select account_id, {balance_date} as balance_date,
                               {self.typed("core_deposit_balances", "balance")} as balance
                        from {self.raw_table("core_deposit_balances")}
                    ) as typed_balances
                    where balance_date between {date_literal(previous_start)} and {date_literal(self.as_of)}
                )"""
            (balance_rows, negative_rows) = self.db.rows(f"""
                with {recent}
                select count(*), sum(case when balance < 0 then 1 else 0 end)
                from recent_balances
            """)[0]
            negatives = with_share(
                [
                    {
                        "item": "core_deposit_balances",
                        "rows": int(balance_rows or 0),
                        "negative_rows": int(negative_rows or 0),
                    }
                ],
                "negative_rows",
                "negative_share",
            )
            by_region = self.db.frame(f"""
                with {recent},
                branches as (
                    select trim(branch_id) as branch_id, min(trim(region_code)) as region_code
                    from {self.raw_table("ecif_branches")}
                    group by trim(branch_id)
                ),
                customers as (
                    select trim(customer_id) as customer_id, min(trim(branch_id)) as branch_id
                    from {self.raw_table("ecif_customers")}
                    group by trim(customer_id)
                ),
                accounts as (
                    select trim(account_id) as account_id, min(trim(customer_id)) as customer_id
                    from {self.raw_table("core_deposit_accounts")}
                    group by trim(account_id)
                )
                select
                    branches.region_code,
                    case when recent_balances.balance_date >= {date_literal(current_start)}
                        then 'current' else 'previous' end as period,
                    sum(recent_balances.balance) as balance_total,
                    count(distinct recent_balances.balance_date) as days
                from recent_balances
                inner join accounts on recent_balances.account_id = accounts.account_id
                inner join customers on accounts.customer_id = customers.customer_id
                inner join branches on customers.branch_id = branches.branch_id
                where branches.region_code is not null and recent_balances.balance is not null
                group by
                    branches.region_code,
                    case when recent_balances.balance_date >= {date_literal(current_start)}
                        then 'current' else 'previous' end
            """)
            by_region["adb"] = [
                float(total) / days if days else None
                for total, days in zip(by_region["balance_total"], by_region["days"])
            ]
            pivot = by_region.pivot_table(index="region_code", columns="period", values="adb", aggfunc="sum")
            regions = pd.DataFrame(
                {
                    "item": pivot.index.astype(str),
                    "current_adb": pivot["current"].to_numpy() if "current" in pivot else float("nan"),
                    "previous_adb": pivot["previous"].to_numpy() if "previous" in pivot else float("nan"),
                }
            )
            regions["current_adb"] = regions["current_adb"].fillna(0.0)
            regions["ratio"] = [
                c / p if p and not math.isnan(p) and p > 0 else None
                for c, p in zip(regions["current_adb"], regions["previous_adb"])
            ]
        regions["ratio"] = regions["ratio"].astype(float)
        self.frames["raw.deposit_balances"] = negatives
        self.frames["raw.region_deposits"] = regions

        months = f"{current_start:%Y-%m} vs {previous_start:%Y-%m}"
        self.share_check(
            "raw.deposit_balance_negative_share",
            "raw.deposit_balances",
            negatives,
            "negative_share",
            "negative_rows",
            note=f"{previous_start:%Y-%m} to {self.as_of}",
        )
        name = "raw.region_deposit_drop"
        sev = self.severity(name)
        self.add(
            Check(
                name,
                "raw.region_deposits",
                sev,
                self.expect(
                    "ExpectColumnValuesToBeBetween", name, sev, column="ratio", min_value=self.cfg(name)["min_ratio"]
                ),
                column="ratio",
                kind="ratio",
                worst="min",
                limit=f">= {self.cfg(name)['min_ratio']:.2f}",
                note=months,
            )
        )

    # ------------------------------------------------------------ marts: shares
    def profile_shares(self, dimension: str, family: str) -> None:
        dates = [self.as_of] + ([self.previous_as_of] if self.previous_as_of else [])
        counts = self.db.frame(f"""
            select as_of_date, {dimension} as code, count(*) as customers
            from {MARTS}.fct_customer_segments
            where as_of_date in ({", ".join(date_literal(d) for d in dates)})
            group by as_of_date, {dimension}
        """)
        counts["as_of_date"] = pd.to_datetime(counts["as_of_date"]).dt.date
        counts["customers"] = counts["customers"].astype(int)
        totals = counts.groupby("as_of_date")["customers"].sum()
        bands = self.cfg(family)["bands"]
        codes = list(bands) + sorted(set(counts["code"].dropna()) - set(bands))
        records = []
        for code in codes:
            now = counts[(counts["as_of_date"] == self.as_of) & (counts["code"] == code)]["customers"].sum()
            share = now / totals[self.as_of] if self.as_of in totals else 0.0
            previous = None
            if self.previous_as_of in totals:
                before = counts[(counts["as_of_date"] == self.previous_as_of) & (counts["code"] == code)][
                    "customers"
                ].sum()
                previous = before / totals[self.previous_as_of]
            records.append(
                {
                    "item": code,
                    "customers": int(now),
                    "share": float(share),
                    "previous_share": previous,
                    "abs_change": abs(share - previous) if previous is not None else None,
                }
            )
        frame = pd.DataFrame.from_records(records).astype({"previous_share": float, "abs_change": float})
        suite = f"marts.{dimension}_shares"
        self.frames[suite] = frame
        for code, (low, high) in bands.items():
            name = f"{family}.{code}"
            sev = self.severity(family, code)
            self.add(
                Check(
                    name,
                    suite,
                    sev,
                    self.expect(
                        "ExpectColumnValuesToBeBetween",
                        name,
                        sev,
                        column="share",
                        min_value=low,
                        max_value=high,
                        row_condition=only_items([code]),
                    ),
                    column="share",
                    items=[code],
                    limit=f"{low:.2%} to {high:.2%}",
                )
            )
        name = f"{family}_change"
        sev = self.severity(name)
        self.add(
            Check(
                name,
                suite,
                sev,
                self.expect(
                    "ExpectColumnValuesToBeBetween",
                    name,
                    sev,
                    column="abs_change",
                    max_value=self.cfg(name)["max_abs_change"],
                ),
                column="abs_change",
                limit=f"<= {self.cfg(name)['max_abs_change']:.2%} points",
                describe=None if self.previous_as_of else (lambda: "no previous as_of_date"),
                note=f"vs {self.previous_as_of}" if self.previous_as_of else "",
            )
        )

    # ------------------------------------------------------------ marts: profit
    def profile_profit(self) -> None:
        quantiles = self.cfg("marts.profit_quantile_change")["quantiles"]
        dates = [self.as_of] + ([self.previous_as_of] if self.previous_as_of else [])
        quantile_sql = ", ".join(
            f"percentile_cont({q}) within group (order by profit_contribution) as q{i}" for i, q in enumerate(quantiles)
        )
        stats = self.db.frame(f"""
            select
                as_of_date,
                count(*) as customers,
                sum(profit_contribution) as total,
                sum(case when profit_contribution > 0 then 1 else 0 end) as positive,
                sum(case when profit_contribution <> 0 then 1 else 0 end) as nonzero,
                {quantile_sql}
            from {MARTS}.fct_customer_profitability
            where as_of_date in ({", ".join(date_literal(d) for d in dates)})
            group by as_of_date
        """)
        stats["as_of_date"] = pd.to_datetime(stats["as_of_date"]).dt.date
        by_date = {row["as_of_date"]: row for row in stats.to_dict("records")}
        now = by_date.get(self.as_of, {})
        before = by_date.get(self.previous_as_of, {})

        def value(row: dict, key: str) -> float | None:
            if not row or row.get(key) is None:
                return None
            if key in ("positive", "nonzero"):
                return float(row[key]) / float(row["customers"]) if row["customers"] else None
            return float(row[key])

        metrics = [("positive_share", "positive"), ("nonzero_share", "nonzero"), ("total", "total")]
        metrics += [(f"p{round(q * 100):02d}", f"q{i}") for i, q in enumerate(quantiles)]
        records = []
        for item, key in metrics:
            current, previous = value(now, key), value(before, key)
            ratio = current / previous if current is not None and previous not in (None, 0.0) else None
            records.append({"item": item, "current": current, "previous": previous, "ratio": ratio})
        frame = pd.DataFrame.from_records(records).astype({"current": float, "previous": float, "ratio": float})
        self.frames["marts.profit"] = frame
        suite = "marts.profit"

        for name, item in (
            ("marts.profit_positive_share", "positive_share"),
            ("marts.profit_nonzero_share", "nonzero_share"),
        ):
            sev = self.severity(name)
            entry = self.cfg(name)
            self.add(
                Check(
                    name,
                    suite,
                    sev,
                    self.expect(
                        "ExpectColumnValuesToBeBetween",
                        name,
                        sev,
                        column="current",
                        min_value=entry.get("min_share"),
                        max_value=entry.get("max_share"),
                        row_condition=only_items([item]),
                    ),
                    column="current",
                    items=[item],
                    worst="min",
                    limit=bounds(entry, "share"),
                )
            )
        no_previous = (lambda: "no previous as_of_date") if self.previous_as_of is None else None
        names = [f"p{round(q * 100):02d}" for q in quantiles]
        for name, items in (("marts.profit_quantile_change", names), ("marts.profit_total_change", ["total"])):
            sev = self.severity(name)
            entry = self.cfg(name)
            self.add(
                Check(
                    name,
                    suite,
                    sev,
                    self.expect(
                        "ExpectColumnValuesToBeBetween",
                        name,
                        sev,
                        column="ratio",
                        min_value=entry["min_ratio"],
                        max_value=entry["max_ratio"],
                        row_condition=only_items(items),
                    ),
                    column="ratio",
                    kind="ratio",
                    items=items,
                    describe=no_previous,
                    limit=bounds(entry, "ratio"),
                    note=f"vs {self.previous_as_of}" if self.previous_as_of else "",
                )
            )

    # ------------------------------------------------------------ marts: coverage, rejections
    def profile_coverage(self) -> None:
        day = date_literal(self.as_of)
        facts = f"""
            select customer_id from {MARTS}.fct_customer_metrics where as_of_date = {day}
            union
            select customer_id from {MARTS}.fct_customer_profitability where as_of_date = {day}
        """
        missing_facts = f"""
            from ({facts}) as facts
            where not exists (
                select 1 from {MARTS}.fct_customer_segments as segments
                where segments.as_of_date = {day} and segments.customer_id = facts.customer_id
            )"""
        (fact_customers,) = self.db.rows(f"select count(*) from ({facts}) as facts")[0]
        (missing,) = self.db.rows(f"select count(*) {missing_facts}")[0]
        sample = [
            r[0] for r in self.db.rows(f"select facts.customer_id {missing_facts} order by facts.customer_id limit 5")
        ]
        frame = pd.DataFrame(
            {
                "item": ["fct_customer_segments"],
                "fact_customers": [int(fact_customers or 0)],
                "missing_customers": [int(missing or 0)],
            }
        )
        self.frames["marts.coverage"] = frame
        name = "marts.segment_fact_complete"
        sev = self.severity(name)
        self.add(
            Check(
                name,
                "marts.coverage",
                sev,
                self.expect(
                    "ExpectColumnValuesToBeBetween",
                    name,
                    sev,
                    column="missing_customers",
                    max_value=self.cfg(name)["max_missing"],
                ),
                column="missing_customers",
                kind="count",
                limit=f"<= {self.cfg(name)['max_missing']:,} customers",
                describe=lambda: (
                    f"{int(missing or 0):,} of {int(fact_customers or 0):,} missing"
                    + (f": {', '.join(sample)}" if sample else "")
                ),
            )
        )

    def profile_rejections(self) -> None:
        rejected = dict(
            self.db.rows(f"select source_table, count(*) from {MARTS}.dq_rejected_rows group by source_table")
        )
        tables = self.frames["raw.tables"]
        frame = with_share(
            [
                {"item": t, "rows": int(n), "rejected_rows": int(rejected.get(t, 0))}
                for t, n in zip(tables["item"], tables["row_count"])
            ],
            "rejected_rows",
            "rejected_share",
        )
        self.frames["marts.rejections"] = frame
        self.share_check("marts.rejected_row_share", "marts.rejections", frame, "rejected_share", "rejected_rows")

    # ------------------------------------------------------------ run
    def profile(self) -> None:
        self.profile_schema()
        self.profile_tables()
        self.profile_value_sets()
        self.profile_deposits()
        self.profile_shares("tier_code", "marts.tier_share")
        self.profile_shares("segment_code", "marts.segment_share")
        self.profile_profit()
        self.profile_coverage()
        self.profile_rejections()
        unknown = set(self.config) - self.used
        if unknown:
            raise SystemExit(f"{THRESHOLDS}: no such expectation: {', '.join(sorted(unknown))}")

    def record_history(self, passed: bool, run_at: dt.datetime) -> None:
        self.db.execute(f"create schema if not exists {HISTORY}")
        self.db.execute(f"""
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
            f"('{run_id}', cast('{run_at:%Y-%m-%d %H:%M:%S}' as timestamp), '{self.raw}', "
            f"{date_literal(self.as_of)}, '{item}', {int(count)}, {'true' if passed else 'false'})"
            for item, count in zip(self.frames["raw.tables"]["item"], self.frames["raw.tables"]["row_count"])
        )
        self.db.execute(f"insert into {HISTORY_TABLE} values {values}")
        self.db.commit()


def change_ratio(count: int, previous: float) -> float | None:
    """count / previous; None without a previous count (first run: not judged)."""
    if previous is None or math.isnan(previous):
        return None
    if previous == 0:
        return 1.0 if count == 0 else math.inf
    return count / previous


def only_items(items: list[str]) -> Any:
    """GX row condition: the profile frame's rows whose item is one of `items`."""
    from great_expectations.expectations.row_conditions import Column

    return Column("item") == items[0] if len(items) == 1 else Column("item").is_in(items)


def bounds(entry: dict, kind: str) -> str:
    """`min_<kind>`/`max_<kind>` of a thresholds entry as printed limits."""
    low, high = entry.get(f"min_{kind}"), entry.get(f"max_{kind}")
    show = (lambda v: f"{v:.2%}") if kind == "share" else (lambda v: f"{v:.2f}")
    if low is not None and high is not None:
        return f"{show(low)} to {show(high)}"
    return f">= {show(low)}" if low is not None else f"<= {show(high)}"


def with_share(records: list[dict], bad: str, share: str) -> pd.DataFrame:
    """Records (item, rows, <bad>) as a frame with <share> = bad / rows (null without rows)."""
    frame = pd.DataFrame.from_records(records, columns=["item", "rows", bad])
    frame[share] = [b / n if n else None for b, n in zip(frame[bad], frame["rows"])]
    frame[share] = frame[share].astype(float)
    return frame


def canonical_type(data_type: str, precision: Any, scale: Any) -> str:
    """information_schema's type spelled as the contract spells it."""
    name = str(data_type).upper().strip()
    if name.startswith(("DECIMAL", "NUMERIC")):
        return f"DECIMAL({precision},{scale})" if precision is not None else name
    return {
        "CHARACTER VARYING": "VARCHAR",
        "TEXT": "VARCHAR",
        "STRING": "VARCHAR",
        "TIMESTAMP WITHOUT TIME ZONE": "TIMESTAMP",
        "INT": "INTEGER",
        "INT4": "INTEGER",
    }.get(name, name)


# ---------------------------------------------------------------------- GX
def gx_context(docs_dir: Path | None) -> Any:
    """An ephemeral GX context: stores in memory, and docs_dir as its only Data Docs
    site (GX's default ephemeral context adds a site in a fresh temporary folder)."""
    import great_expectations as gx
    from great_expectations.data_context.types.base import (
        DataContextConfig,
        InMemoryStoreBackendDefaults,
        ProgressBarsConfig,
    )

    config = DataContextConfig(
        store_backend_defaults=InMemoryStoreBackendDefaults(init_temp_docs_sites=False),
        data_docs_sites={}
        if docs_dir is None
        else {
            "quality_gate": {
                "class_name": "SiteBuilder",
                "store_backend": {"class_name": "TupleFilesystemStoreBackend", "base_directory": str(docs_dir)},
                "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
            }
        },
        analytics_enabled=False,
        progress_bars=ProgressBarsConfig(globally=False),
    )
    return gx.get_context(mode="ephemeral", project_config=config)


def validate(gate: Gate, docs_dir: Path | None) -> tuple[dict[str, Any], Path | None]:
    """Run every suite through a GX checkpoint on its profile frame; build Data Docs."""
    import great_expectations as gx

    if docs_dir is not None:
        docs_dir = docs_dir.resolve()  # GX's filesystem store wants an absolute path
        docs_dir.mkdir(parents=True, exist_ok=True)
        for stale in ("expectations", "validations"):  # pages of earlier runs
            shutil.rmtree(docs_dir / stale, ignore_errors=True)
        (docs_dir / "index.html").unlink(missing_ok=True)
    context = gx_context(docs_dir)
    source = context.data_sources.add_pandas("quality_gate_profiles")
    results: dict[str, Any] = {}
    for suite_name in dict.fromkeys(c.suite for c in gate.checks):
        frame = gate.frames[suite_name]
        checks = [c for c in gate.checks if c.suite == suite_name]
        batch = source.add_dataframe_asset(name=suite_name).add_batch_definition_whole_dataframe("profile")
        suite = context.suites.add(gx.ExpectationSuite(name=suite_name, meta={"as_of_date": str(gate.as_of)}))
        for check in checks:
            suite.add_expectation(check.expectation)
        definition = context.validation_definitions.add(
            gx.ValidationDefinition(name=suite_name, data=batch, suite=suite)
        )
        result_format: dict[str, Any] = {"result_format": "COMPLETE"}
        if "item" in frame.columns:
            result_format["unexpected_index_column_names"] = ["item"]
        else:
            result_format = {"result_format": "SUMMARY"}
        checkpoint = context.checkpoints.add(
            gx.Checkpoint(name=suite_name, validation_definitions=[definition], result_format=result_format)
        )
        run = checkpoint.run(batch_parameters={"dataframe": frame})
        for validation in run.run_results.values():
            for result in validation.results:
                results[result.expectation_config.meta["gate_name"]] = result
    index = None
    if docs_dir is not None:
        context.build_data_docs(site_names=["quality_gate"])
        index = docs_dir / "index.html"
    return results, index


def observed(check: Check, frame: pd.DataFrame, result: Any) -> str:
    """What the check saw, in one line: the failing items, or the worst value."""
    if result is not None and result.exception_info.get("raised_exception"):
        return "error: " + str(result.exception_info.get("exception_message"))[:120]
    if check.describe is not None and (result is None or result.success or check.kind == "text"):
        text = check.describe()
    else:
        rows = frame[frame["item"].isin(check.items)] if check.items else frame
        values = rows[["item", check.column]].dropna() if "item" in rows else rows[[check.column]].dropna()
        failing = (result.result.get("unexpected_index_list") or []) if result is not None else []
        if result is not None and not result.success and failing and isinstance(failing[0], dict):
            column = check.gx_column or check.column
            parts = [f"{row.get('item')}={fmt(row.get(column), check.kind)}" for row in failing[:4]]
            more = len(failing) - 4
            text = ", ".join(parts) + (f" (+{more} more)" if more > 0 else "")
        elif values.empty:
            text = "n/a"
        elif len(values) == 1:
            text = fmt(values[check.column].iloc[0], check.kind)
        else:
            position = values[check.column].idxmax() if check.worst == "max" else values[check.column].idxmin()
            text = f"{check.worst} {fmt(values.loc[position, check.column], check.kind)}"
            if "item" in values:
                text += f" ({values.loc[position, 'item']})"
    return f"{text}; {check.note}" if check.note else text


def run_gate(
    database: str,
    as_of: dt.date | None = None,
    docs_dir: Path | None = DEFAULT_DOCS_DIR,
    thresholds: Path = THRESHOLDS,
    raw_schema: str = "raw",
    record: bool = True,
) -> GateResult:
    started = time.perf_counter()
    config = load_thresholds(thresholds)
    warehouse = connect(database)
    try:
        gate = Gate(warehouse, config, as_of, raw_schema)
        gate.profile()
        profiled = time.perf_counter() - started
        results, index = validate(gate, docs_dir)
        outcomes = []
        for check in gate.checks:
            result = results.get(check.name)
            success = bool(result.success) if result is not None else False
            outcomes.append(
                Outcome(
                    check.suite,
                    check.name,
                    check.severity,
                    success,
                    observed(check, gate.frames[check.suite], result),
                    check.limit,
                )
            )
        passed = not any(not o.success and o.severity == "blocking" for o in outcomes)
        if record:
            gate.record_history(passed, dt.datetime.now(dt.UTC).replace(tzinfo=None))
        return GateResult(
            outcomes, index, gate.as_of, gate.previous_as_of, time.perf_counter() - started, profiled, gate.frames
        )
    finally:
        warehouse.close()


def shorten(text: str, width: int = 100) -> str:
    return text if len(text) <= width else text[: width - 3] + "..."


def report(result: GateResult) -> str:
    rows = [
        (o.suite, o.name, o.severity, "pass" if o.success else "FAIL", shorten(o.observed), o.limit)
        for o in result.outcomes
    ]
    lines = [
        f"Quality gate (质量闸门) on as_of_date {result.as_of}"
        + (f", previous {result.previous_as_of}" if result.previous_as_of else ", no previous as_of_date"),
        table(rows, ["suite", "expectation", "level", "result", "observed", "limit"]),
        "",
    ]
    blocking = result.blocking_failures
    warnings = [o.name for o in result.outcomes if not o.success and o.severity == "warning"]
    passed = sum(o.success for o in result.outcomes)
    lines.append(
        f"{passed} of {len(result.outcomes)} expectations passed; "
        f"{len(blocking)} blocking failure(s), {len(warnings)} warning(s); "
        f"{result.seconds:.1f} s ({result.profile_seconds:.1f} s profiling in SQL)"
    )
    if result.docs_index is not None:
        lines.append(f"Data Docs: {result.docs_index}")
    lines.append("GATE PASSED" if result.passed else "GATE FAILED: " + ", ".join(blocking))
    return "\n".join(lines)


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
