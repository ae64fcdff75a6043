"""Suite marts.profit: profit contribution's distribution on as_of_date (shares of
positive and non-zero customers) and its change since the previous as_of_date (quantiles,
total)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from gate.checks import Check, bounds, only_items
from gate.config import MARTS
from gate.warehouse import date_literal

if TYPE_CHECKING:
    from gate.profiler import Gate


def profile_profit(gate: Gate) -> None:
    quantiles = gate.cfg("marts.profit_quantile_change")["quantiles"]
    dates = [gate.as_of] + ([gate.previous_as_of] if gate.previous_as_of else [])
    quantile_sql = ", ".join(
        f"percentile_cont({q}) within group (order by profit_contribution) as q{i}" for i, q in enumerate(quantiles)
    )
    stats = gate.db.frame(f"""
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
    now = by_date.get(gate.as_of, {})
    before = by_date.get(gate.previous_as_of, {})

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
    gate.frames["marts.profit"] = frame
    suite = "marts.profit"

    for name, item in (
        ("marts.profit_positive_share", "positive_share"),
        ("marts.profit_nonzero_share", "nonzero_share"),
    ):
        sev = gate.severity(name)
        entry = gate.cfg(name)
        gate.add(
            Check(
                name,
                suite,
                sev,
                gate.expect(
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
    no_previous = (lambda: "no previous as_of_date") if gate.previous_as_of is None else None
    names = [f"p{round(q * 100):02d}" for q in quantiles]
    for name, items in (("marts.profit_quantile_change", names), ("marts.profit_total_change", ["total"])):
        sev = gate.severity(name)
        entry = gate.cfg(name)
        gate.add(
            Check(
                name,
                suite,
                sev,
                gate.expect(
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
                note=f"vs {gate.previous_as_of}" if gate.previous_as_of else "",
            )
        )
