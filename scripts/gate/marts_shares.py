"""Suites marts.tier_code_shares and marts.segment_code_shares: each tier's and segment's
share of customers on as_of_date within its band, and its change since the previous
as_of_date."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from gate.checks import Check, only_items
from gate.config import MARTS
from gate.warehouse import date_literal

if TYPE_CHECKING:
    from gate.profiler import Gate


def profile_shares(gate: Gate, dimension: str, family: str) -> None:
    dates = [gate.as_of] + ([gate.previous_as_of] if gate.previous_as_of else [])
    counts = gate.db.frame(f"""
        select as_of_date, {dimension} as code, count(*) as customers
        from {MARTS}.fct_customer_segments
        where as_of_date in ({", ".join(date_literal(d) for d in dates)})
        group by as_of_date, {dimension}
    """)
    counts["as_of_date"] = pd.to_datetime(counts["as_of_date"]).dt.date
    counts["customers"] = counts["customers"].astype(int)
    totals = counts.groupby("as_of_date")["customers"].sum()
    bands = gate.cfg(family)["bands"]
    codes = list(bands) + sorted(set(counts["code"].dropna()) - set(bands))
    records = []
    for code in codes:
        now = counts[(counts["as_of_date"] == gate.as_of) & (counts["code"] == code)]["customers"].sum()
        share = now / totals[gate.as_of] if gate.as_of in totals else 0.0
        previous = None
        if gate.previous_as_of in totals:
            before = counts[(counts["as_of_date"] == gate.previous_as_of) & (counts["code"] == code)]["customers"].sum()
            previous = before / totals[gate.previous_as_of]
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
    gate.frames[suite] = frame
    for code, (low, high) in bands.items():
        name = f"{family}.{code}"
        sev = gate.severity(family, code)
        gate.add(
            Check(
                name,
                suite,
                sev,
                gate.expect(
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
    sev = gate.severity(name)
    gate.add(
        Check(
            name,
            suite,
            sev,
            gate.expect(
                "ExpectColumnValuesToBeBetween",
                name,
                sev,
                column="abs_change",
                max_value=gate.cfg(name)["max_abs_change"],
            ),
            column="abs_change",
            limit=f"<= {gate.cfg(name)['max_abs_change']:.2%} points",
            describe=None if gate.previous_as_of else (lambda: "no previous as_of_date"),
            note=f"vs {gate.previous_as_of}" if gate.previous_as_of else "",
        )
    )
