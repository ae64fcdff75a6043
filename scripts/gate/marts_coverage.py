"""Suites marts.coverage and marts.rejections: no customer of the metric or profit facts
is missing from the segment fact on as_of_date, and each raw table's share of rows
rejected by staging (marts.dq_rejected_rows)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from gate.checks import Check, with_share
from gate.config import MARTS
from gate.warehouse import date_literal

if TYPE_CHECKING:
    from gate.profiler import Gate


def profile_coverage(gate: Gate) -> None:
    day = date_literal(gate.as_of)
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
    (fact_customers,) = gate.db.rows(f"select count(*) from ({facts}) as facts")[0]
    (missing,) = gate.db.rows(f"select count(*) {missing_facts}")[0]
    sample = [
        r[0] for r in gate.db.rows(f"select facts.customer_id {missing_facts} order by facts.customer_id limit 5")
    ]
    frame = pd.DataFrame(
        {
            "item": ["fct_customer_segments"],
            "fact_customers": [int(fact_customers or 0)],
            "missing_customers": [int(missing or 0)],
        }
    )
    gate.frames["marts.coverage"] = frame
    name = "marts.segment_fact_complete"
    sev = gate.severity(name)
    gate.add(
        Check(
            name,
            "marts.coverage",
            sev,
            gate.expect(
                "ExpectColumnValuesToBeBetween",
                name,
                sev,
                column="missing_customers",
                max_value=gate.cfg(name)["max_missing"],
            ),
            column="missing_customers",
            kind="count",
            limit=f"<= {gate.cfg(name)['max_missing']:,} customers",
            describe=lambda: (
                f"{int(missing or 0):,} of {int(fact_customers or 0):,} missing"
                + (f": {', '.join(sample)}" if sample else "")
            ),
        )
    )


def profile_rejections(gate: Gate) -> None:
    rejected = dict(gate.db.rows(f"select source_table, count(*) from {MARTS}.dq_rejected_rows group by source_table"))
    tables = gate.frames["raw.tables"]
    frame = with_share(
        [
            {"item": t, "rows": int(n), "rejected_rows": int(rejected.get(t, 0))}
            for t, n in zip(tables["item"], tables["row_count"])
        ],
        "rejected_rows",
        "rejected_share",
    )
    gate.frames["marts.rejections"] = frame
    gate.share_check("marts.rejected_row_share", "marts.rejections", frame, "rejected_share", "rejected_rows")
