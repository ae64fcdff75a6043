"""The segment marts checked against independent computations over the staged data
(docs/segmentation_rules.md §2, §7, §8, §12, §13.9, §13.13): the rows they must hold, credit status, the target
prospects and the bands that percent ranks give under the default cutoffs."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal


def as_of(warehouse) -> str:
    (day,) = warehouse.query("select max(as_of_date) from marts.fct_customer_segments")[0]
    return str(day)


def test_every_in_scope_customer_has_exactly_one_complete_row(typed_warehouse):
    q = typed_warehouse.query
    day = as_of(typed_warehouse)
    expected = {
        r[0]
        for r in q(f"""
        select customer_id from staging.stg_ecif__customers
        where relationship_start_date <= date '{day}'
          and not (status = 'closed' and closed_date < date '{day}' - 364)""")
    }
    rows = q("""select customer_id, credit_status, market_class, tier_code, segment_code, lifecycle_stage,
                       risk_grade, service_level from marts.fct_customer_segments""")
    ids = [r[0] for r in rows]
    assert len(ids) == len(set(ids)) and set(ids) == expected
    assert all(None not in r for r in rows)


def test_credit_status_reads_native_balances_on_as_of(typed_warehouse):
    q = typed_warehouse.query
    day = as_of(typed_warehouse)
    borrowers = {
        r[0]
        for r in q(f"""
        select distinct l.customer_id
        from staging.stg_credit__loan_balances as b
        join staging.stg_credit__loans as l using (loan_id)
        where b.balance_date = date '{day}' and b.outstanding_balance > 0""")
    }
    status = dict(q("select customer_id, credit_status from marts.fct_customer_segments"))
    assert {c for c, s in status.items() if s == "with_credit"} == borrowers & set(status)


def test_targets_are_open_prospects_that_are_not_customers(typed_warehouse):
    q = typed_warehouse.query
    day = as_of(typed_warehouse)
    customers = dict(
        q(
            "select s.customer_id, c.uscc from marts.fct_customer_segments as s "
            "join staging.stg_ecif__customers as c using (customer_id)"
        )
    )
    prospects = q(f"""select prospect_id, uscc from staging.stg_crm__prospects
                      where status = 'open' and created_date <= date '{day}'""")
    in_scope_usccs = {u for u in customers.values() if u is not None}
    targets = {p for p, u in prospects if u not in in_scope_usccs}
    rows = [r[0] for r in q("select prospect_id from marts.fct_prospect_segments")]
    assert len(rows) == len(set(rows)) and set(rows) == targets
    already = {c for c, u in customers.items() if u in {pu for _, pu in prospects}}
    flagged = {
        r[0]
        for r in q(
            "select customer_id from marts.fct_customer_segments where dq_flags like '%prospect_already_customer%'"
        )
    }
    assert flagged == already


def percent_ranks(values: dict[str, Decimal]) -> dict[str, float]:
    """SQL's PERCENT_RANK: (number of smaller values) / (n - 1); 0 for a group of one."""
    ordered = sorted(values.values())
    n = len(ordered)
    first = {}
    for i, v in enumerate(ordered):
        first.setdefault(v, i)
    return {k: (first[v] / (n - 1) if n > 1 else 0.0) for k, v in values.items()}


def test_bands_follow_percent_ranks_within_each_tier_group(typed_warehouse):
    q = typed_warehouse.query
    cutoffs = q("select distinct method, value from seeds.segment_cutoffs where population = 'existing'")
    assert set(cutoffs) == {("percent_rank", Decimal("0.5"))}, "the check below assumes the default cutoffs"
    rows = q("""select customer_id, credit_status, market_class, tier_code, profit_contribution,
                       round(bank_value_score, 6), profit_band, bank_value_band, segment_code
                from marts.fct_customer_segments""")
    groups: dict[tuple, list] = defaultdict(list)
    for r in rows:
        groups[r[1:4]].append(r)
    matrix = {
        ("high", "high"): "important",
        ("high", "low"): "quality",
        ("low", "high"): "ordinary",
        ("low", "low"): "exit",
    }
    checked = 0
    for members in groups.values():
        x = percent_ranks({r[0]: r[4] for r in members})
        y = percent_ranks({r[0]: Decimal(str(r[5])) for r in members})
        for r in members:
            x_band = "high" if x[r[0]] >= 0.5 else "low"
            y_band = "high" if y[r[0]] >= 0.5 else "low"
            assert (r[6], r[7], r[8]) == (x_band, y_band, matrix[(x_band, y_band)]), r
            checked += 1
    assert checked == len(rows) > 0
