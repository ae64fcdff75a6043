"""Suites raw.deposit_balances and raw.region_deposits: deposit balances of as_of_date's
month and the month before, their share of negative rows and each region's average daily
balance against the month before."""

from __future__ import annotations

import datetime as dt
import math
from typing import TYPE_CHECKING

import pandas as pd

from gate.checks import Check, with_share
from gate.warehouse import date_literal

if TYPE_CHECKING:
    from gate.profiler import Gate


def profile_deposits(gate: Gate) -> None:
    """Deposit balances of as_of_date's month and the month before: negative rows,
    and the average daily balance per region."""
    current_start = gate.as_of.replace(day=1)
    previous_start = (current_start - dt.timedelta(days=1)).replace(day=1)
    needed = {
        "ecif_branches": ("branch_id", "region_code"),
        "ecif_customers": ("customer_id", "branch_id"),
        "core_deposit_accounts": ("account_id", "customer_id"),
        "core_deposit_balances": ("account_id", "balance_date", "balance"),
    }
    if not all(set(columns) <= set(gate.actual_types.get(t, {})) for t, columns in needed.items()):
        # raw.columns_present reports what is missing; nothing to judge here.
        regions = pd.DataFrame(columns=["item", "current_adb", "previous_adb", "ratio"])
        negatives = with_share([], "negative_rows", "negative_share")
    else:
        balance_date = gate.typed("core_deposit_balances", "balance_date")
        recent = f"""
            recent_balances as (
                select trim(account_id) as account_id, balance_date, balance
                from (
                    select account_id, {balance_date} as balance_date,
                           {gate.typed("core_deposit_balances", "balance")} as balance
                    from {gate.raw_table("core_deposit_balances")}
                ) as typed_balances
                where balance_date between {date_literal(previous_start)} and {date_literal(gate.as_of)}
            )"""
        (balance_rows, negative_rows) = gate.db.rows(f"""
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
        by_region = gate.db.frame(f"""
            with {recent},
            branches as (
                select trim(branch_id) as branch_id, min(trim(region_code)) as region_code
                from {gate.raw_table("ecif_branches")}
                group by trim(branch_id)
            ),
            customers as (
                select trim(customer_id) as customer_id, min(trim(branch_id)) as branch_id
                from {gate.raw_table("ecif_customers")}
                group by trim(customer_id)
            ),
            accounts as (
                select trim(account_id) as account_id, min(trim(customer_id)) as customer_id
                from {gate.raw_table("core_deposit_accounts")}
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
            float(total) / days if days else None for total, days in zip(by_region["balance_total"], by_region["days"])
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
    gate.frames["raw.deposit_balances"] = negatives
    gate.frames["raw.region_deposits"] = regions

    months = f"{current_start:%Y-%m} vs {previous_start:%Y-%m}"
    gate.share_check(
        "raw.deposit_balance_negative_share",
        "raw.deposit_balances",
        negatives,
        "negative_share",
        "negative_rows",
        note=f"{previous_start:%Y-%m} to {gate.as_of}",
    )
    name = "raw.region_deposit_drop"
    sev = gate.severity(name)
    gate.add(
        Check(
            name,
            "raw.region_deposits",
            sev,
            gate.expect(
                "ExpectColumnValuesToBeBetween", name, sev, column="ratio", min_value=gate.cfg(name)["min_ratio"]
            ),
            column="ratio",
            kind="ratio",
            worst="min",
            limit=f">= {gate.cfg(name)['min_ratio']:.2f}",
            note=months,
        )
    )
