"""Values that look wrong but are valid, and must be kept, not rejected: negative credit
balances, zero revenues and survey scores outside 0-100 (kept and flagged; the flags go
into the manifest), and codes written as loaders really write them (padded, upper or
lower case), which staging must normalise."""

from __future__ import annotations

from .context import Run
from .contract import record_key_sql


def negative_credit_balances(run: Run) -> None:
    """A few exposures with a negative outstanding balance: kept and flagged, not rejected."""
    run.writer.sql(f"""
        update {run.writer.table("credit_loan_balances")}
        set outstanding_balance = -outstanding_balance
        where rnd('negcredit', loan_id || cast(balance_date as varchar)) < 0.0002
    """)


def messy_codes(run: Run) -> None:
    """Valid values as loaders really write them: padded keys and codes in upper case.

    They must all be staged after trimming and case normalisation, never rejected."""
    run.writer.sql(f"""
        update {run.writer.table("ecif_customers")}
        set status = upper(status), customer_kind = ' ' || customer_kind || ' ',
            industry_code = lower(industry_code) || ' '
        where rnd('messy', customer_id) < 0.01
    """)
    run.writer.sql(f"""
        update {run.writer.table("core_deposit_accounts")}
        set currency = lower(currency), account_nature = upper(account_nature), customer_id = customer_id || ' '
        where rnd('messy', account_id) < 0.01
    """)
    run.writer.sql(f"""
        update {run.writer.table("core_transactions")}
        set channel = upper(channel), direction = ' ' || direction
        where rnd('messy', txn_id) < 0.01
    """)


def collect_flags(run: Run) -> None:
    """Record the usable-but-suspicious values the generator wrote (kept, flagged)."""
    queries = {
        "negative_credit_balance": ("credit_loan_balances", "try_cast(outstanding_balance as decimal(20,2)) < 0"),
        "zero_revenue": ("ecif_customer_financials", "try_cast(annual_revenue_cny as decimal(20,2)) = 0"),
        "survey_score_clamped": (
            "crm_satisfaction_surveys",
            "not (try_cast(score as decimal(5,2)) between 0 and 100)",
        ),
    }
    for flag, (table, where) in queries.items():
        for (key,) in run.writer.con.execute(
            f"select {record_key_sql(table)} as record_key from {run.writer.table(table)} where {where} "
            "order by record_key"
        ).fetchall():
            run.flagged.append({"table": table, "record_key": key, "flag": flag})
