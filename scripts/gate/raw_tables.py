"""Suites raw.tables, raw.key_nulls, raw.text_values and raw.uscc, from one scan per raw
table: row counts (none empty, none dropped or grown too far since the last passing run),
missing keys, text values that do not convert to their declared type, USCC shapes. An
optional table (OPTIONAL_TABLES) the bank does not have is left out."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import pandas as pd
from demo_data.contract import OPTIONAL_TABLES, PARTY_KEYS
from generate_demo_data import CONTRACT  # the raw-data contract: columns, types, keys

from gate.checks import Check, with_share
from gate.history import previous_row_counts
from gate.warehouse import engine_sql

# Foreign-key columns of the contract whose null rate is checked with the primary keys.
FOREIGN_KEYS = ("customer_id", "account_id", "loan_id", "prospect_id", "branch_id")
# GB 32100 shape: 31-character set (no I, O, S, V, Z), positions 3-8 digits.
USCC_PATTERN = "[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}"

if TYPE_CHECKING:
    from gate.profiler import Gate


def profile_tables(gate: Gate) -> None:
    """One scan per raw table: row count, missing keys, unparsable text values,
    USCC shapes."""
    table_rows, null_rows, text_rows, uscc_rows = [], [], [], []
    for table_name, (columns, key) in CONTRACT.items():
        present = gate.actual_types.get(table_name, {})
        if not present and table_name in OPTIONAL_TABLES:
            continue  # an optional table the bank does not have (docs/raw_data_contract.md)
        if not present:
            table_rows.append({"item": table_name, "row_count": 0})
            continue
        names = [c for c, _ in columns if c in present]
        # A party key (one of customer_id and prospect_id is set) is null by design.
        keys = [c for c in names if c in key or (c in FOREIGN_KEYS and c not in PARTY_KEYS.get(table_name, ()))]
        text = [c for c in names if gate.is_text(table_name, c)]
        parts = ["count(*) as row_count"]
        for i, column in enumerate(keys):
            parts.append(f"sum(case when {gate.missing(table_name, column)} then 1 else 0 end) as k{i}")
        for i, column in enumerate(text):
            blank = gate.missing(table_name, column)
            parts.append(
                f"sum(case when not {blank} and {gate.typed(table_name, column)} is null then 1 else 0 end) as p{i}"
            )
            parts.append(f"sum(case when not {blank} then 1 else 0 end) as n{i}")
        has_uscc = "uscc" in names
        if has_uscc:
            code = "upper(trim(uscc))"
            parts.append(
                f"sum(case when {gate.missing(table_name, 'uscc')} then 0 "
                f"when {engine_sql(gate.db.engine, 'full_match', code, USCC_PATTERN)} then 0 "
                "else 1 end) as uscc_bad"
            )
            parts.append(f"sum(case when {gate.missing(table_name, 'uscc')} then 0 else 1 end) as uscc_n")
        frame = gate.db.frame(f"select {', '.join(parts)} from {gate.raw_table(table_name)}")
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
    baseline = previous_row_counts(gate.db, gate.raw)
    tables["previous_row_count"] = tables["item"].map(baseline).astype(float)
    tables["change_ratio"] = [
        change_ratio(count, previous) for count, previous in zip(tables["row_count"], tables["previous_row_count"])
    ]
    tables["change_ratio"] = tables["change_ratio"].astype(float)
    gate.frames["raw.tables"] = tables

    name = "raw.row_counts_nonzero"
    sev = gate.severity(name)
    gate.add(
        Check(
            name,
            "raw.tables",
            sev,
            gate.expect(
                "ExpectColumnValuesToBeBetween", name, sev, column="row_count", min_value=gate.cfg(name)["min_rows"]
            ),
            column="row_count",
            kind="count",
            worst="min",
            limit=f">= {gate.cfg(name)['min_rows']:,} rows",
        )
    )
    first_run = tables["previous_row_count"].isna().all()
    for name, bound in (("raw.row_count_drop", "min"), ("raw.row_count_growth", "max")):
        sev = gate.severity(name)
        limit = gate.cfg(name)[f"{bound}_ratio"]
        gate.add(
            Check(
                name,
                "raw.tables",
                sev,
                gate.expect(
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
    gate.frames["raw.key_nulls"] = nulls
    gate.share_check("raw.key_null_rate", "raw.key_nulls", nulls, "null_share", "null_rows")

    texts = with_share(text_rows, "unparsed_rows", "unparsed_share")
    gate.frames["raw.text_values"] = texts
    gate.share_check(
        "raw.text_values_parse",
        "raw.text_values",
        texts,
        "unparsed_share",
        "unparsed_rows",
        describe=None if len(texts) else (lambda: "no text-loaded columns"),
    )

    uscc = with_share(uscc_rows, "mismatched_rows", "mismatch_share")
    gate.frames["raw.uscc"] = uscc
    gate.share_check("raw.uscc_pattern", "raw.uscc", uscc, "mismatch_share", "mismatched_rows")


def change_ratio(count: int, previous: float) -> float | None:
    """count / previous; None without a previous count (first run: not judged)."""
    if previous is None or math.isnan(previous):
        return None
    if previous == 0:
        return 1.0 if count == 0 else math.inf
    return count / previous
