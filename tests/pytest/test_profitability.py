"""Profit contribution reconciles with independent computations over the staged data."""

from __future__ import annotations

import shutil
from decimal import Decimal

from conftest import TYPED, dbt


def test_deposit_ftp_income_matches_an_independent_one_pass_aggregate(typed_warehouse):
    """The sum over customers of deposit FTP net income equals one aggregate over the
    staged balances (FX by DuckDB's ASOF join, not the project's validity ranges),
    within half a cent per customer (each customer's component is rounded)."""
    q = typed_warehouse.query
    (as_of,) = q("select max(as_of_date) from marts.fct_customer_profitability")[0]
    (lookback,) = q("select 365")[0]
    total, customers = q("select sum(deposit_ftp_net_income), count(*) from marts.fct_customer_profitability")[0]
    (independent,) = q(f"""
        with balances as (
            select b.balance_date, b.balance, a.customer_id, a.currency, a.ftp_rate - a.customer_rate as spread
            from staging.stg_core__deposit_balances as b
            join staging.stg_core__deposit_accounts as a using (account_id)
            where b.balance_date between date '{as_of}' - {lookback - 1} and date '{as_of}'
              and a.customer_id in (select customer_id from marts.fct_customer_profitability)
        )
        select sum(balances.balance * case when balances.currency = 'CNY' then 1 else coalesce(fx.cny_per_unit, 0) end
                   * balances.spread) / 360
        from balances
        asof left join staging.stg_core__fx_rates as fx
            on balances.currency = fx.currency and balances.balance_date >= fx.rate_date
    """)[0]
    assert customers > 0 and total != 0
    assert abs(Decimal(total) - Decimal(independent)) <= Decimal("0.005") * customers


def test_every_in_scope_customer_has_one_row(typed_warehouse):
    q = typed_warehouse.query
    (as_of,) = q("select max(as_of_date) from marts.fct_customer_profitability")[0]
    expected = {
        r[0]
        for r in q(f"""
        select customer_id from staging.stg_ecif__customers
        where relationship_start_date <= date '{as_of}'
          and not (status = 'closed' and closed_date < date '{as_of}' - 364)""")
    }
    rows = [r[0] for r in q("select customer_id from marts.fct_customer_profitability")]
    assert len(rows) == len(set(rows)) and set(rows) == expected


def test_an_earlier_month_end_builds_every_mart(typed_warehouse, tmp_path):
    database = tmp_path / "earlier.duckdb"
    shutil.copy(typed_warehouse.database, database)
    dbt(
        database,
        "build",
        "--exclude",
        "resource_type:seed",
        "--vars",
        "{as_of_date: '2025-09-30'}",
        target_path=tmp_path / "target",
    )
    with __import__("duckdb").connect(str(database), read_only=True) as con:
        # the history marts keep the fixture's slice and add the earlier one
        for mart in (
            "fct_customer_profitability",
            "fct_customer_metrics",
            "fct_customer_segments",
            "fct_prospect_segments",
            "mart_segment_summary",
        ):
            dates = con.execute(f"select distinct as_of_date from marts.{mart} order by 1").fetchall()
            assert [str(d) for (d,) in dates] == ["2025-09-30", TYPED["as_of"]], mart
