"""Every raw row is staged or rejected with exactly one reason: the planted bad rows
with exactly their reason, a rejected parent's children as orphans, nothing else."""

from __future__ import annotations

from collections import Counter

import pytest
from generate_demo_data import CONTRACT

# child table -> (foreign-key column, parent stg model, parent key column)
PARENTS = {
    "ecif_customers": [("branch_id", "staging.stg_ecif__branches", "branch_id")],
    "ecif_customer_financials": [("customer_id", "staging.stg_ecif__customers", "customer_id")],
    "ecif_customer_tags": [("customer_id", "staging.stg_ecif__customers", "customer_id")],
    "core_deposit_accounts": [
        ("customer_id", "staging.stg_ecif__customers", "customer_id"),
        ("product_code", "seeds.product_catalog", "product_code"),
    ],
    "core_deposit_balances": [("account_id", "staging.stg_core__deposit_accounts", "account_id")],
    "core_transactions": [("account_id", "staging.stg_core__deposit_accounts", "account_id")],
    "core_fee_income": [
        ("customer_id", "staging.stg_ecif__customers", "customer_id"),
        ("product_code", "seeds.product_catalog", "product_code"),
    ],
    "credit_loans": [
        ("customer_id", "staging.stg_ecif__customers", "customer_id"),
        ("product_code", "seeds.product_catalog", "product_code"),
    ],
    "credit_loan_balances": [("loan_id", "staging.stg_credit__loans", "loan_id")],
    "credit_ratings": [("customer_id", "staging.stg_ecif__customers", "customer_id")],
    "bureau_credit_summary": [("customer_id", "staging.stg_ecif__customers", "customer_id")],
    "crm_prospects": [("branch_id", "staging.stg_ecif__branches", "branch_id")],
    "crm_prospect_assessments": [("prospect_id", "staging.stg_crm__prospects", "prospect_id")],
    "crm_satisfaction_surveys": [("customer_id", "staging.stg_ecif__customers", "customer_id")],
    "crm_agreements": [("customer_id", "staging.stg_ecif__customers", "customer_id")],
    "crm_customer_managers": [("branch_id", "staging.stg_ecif__branches", "branch_id")],
    "crm_visits": [],
}
# Tables whose row names exactly one party (docs/raw_data_contract.md "Optional tables"):
# (column, parent stg model, parent key column) of each party. A row naming none, both, or
# one that is not staged is an orphan.
PARTIES = {
    table: [
        ("customer_id", "staging.stg_ecif__customers", "customer_id"),
        ("prospect_id", "staging.stg_crm__prospects", "prospect_id"),
    ]
    for table in ("crm_customer_managers", "crm_visits")
}


def parse_raw_row(text: str) -> dict[str, str | None]:
    values = {}
    for part in text.split("; "):
        name, _, value = part.partition("=")
        values[name] = None if value == "NULL" else value
    return values


def rejected(warehouse) -> list[tuple]:
    return warehouse.query("select source_table, record_key, reason_code, raw_row from marts.dq_rejected_rows")


@pytest.mark.parametrize("fixture", ["typed_warehouse", "text_warehouse"])
def test_planted_rows_are_rejected_with_exactly_their_reason(fixture, request):
    warehouse = request.getfixturevalue(fixture)
    planted = Counter((p["table"], p["record_key"], p["reason_code"]) for p in warehouse.manifest["planted"])
    got = Counter((t, k, r) for t, k, r, _ in rejected(warehouse))
    missing = planted - got
    assert not missing, f"planted rows not rejected with their reason: {list(missing.items())[:10]}"


@pytest.mark.parametrize("fixture", ["typed_warehouse", "text_warehouse"])
def test_nothing_clean_is_rejected(fixture, request):
    """A rejected row that was not planted must be an orphan whose parent is not staged."""
    warehouse = request.getfixturevalue(fixture)
    planted = Counter((p["table"], p["record_key"], p["reason_code"]) for p in warehouse.manifest["planted"])
    rows = rejected(warehouse)
    extra = Counter((t, k, r) for t, k, r, _ in rows) - planted
    assert {reason for _, _, reason in extra} <= {"orphan_foreign_key"}
    staged_keys = {}
    for fks in [*PARENTS.values(), *PARTIES.values()]:
        for _, parent, column in fks:
            if parent not in staged_keys:
                staged_keys[parent] = {r[0] for r in warehouse.query(f"select {column} from {parent}")}
    extra_keys = set(extra)
    checked = 0
    for table, key, reason, raw_row in rows:
        if (table, key, reason) not in extra_keys:
            continue
        values = parse_raw_row(raw_row)
        orphaned = [
            fk
            for fk, parent, _ in PARENTS[table]
            if values[fk] is None
            or (values[fk].strip().lower() if fk == "product_code" else values[fk].strip()) not in staged_keys[parent]
        ]
        if table in PARTIES:
            named = [(values[fk].strip(), parent) for fk, parent, _ in PARTIES[table] if values[fk] is not None]
            if len(named) != 1 or named[0][0] not in staged_keys[named[0][1]]:
                orphaned.append("party")
        assert orphaned, f"{table} {key} rejected as orphan but all its parents are staged"
        checked += 1
    assert checked > 0, "the cascade should reject some children of rejected parents"


@pytest.mark.parametrize("table", sorted(PARTIES))
def test_a_row_naming_no_party_or_both_is_rejected_as_orphan(typed_warehouse, table):
    """The optional tables' rows name exactly one party, a customer or a prospect. Every raw
    row naming neither or both (blank counts as missing) is rejected as orphan_foreign_key,
    or for an earlier reason of its own; none is staged."""
    q = typed_warehouse.query
    key = CONTRACT[table][1][0]
    bad = {
        k
        for (k,) in q(
            f"""select trim({key}) from raw.{table}
                where (nullif(trim(customer_id), '') is null) = (nullif(trim(prospect_id), '') is null)
                  and nullif(trim({key}), '') is not null"""
        )
    }
    assert bad, f"the test data should plant {table} rows naming no party or both"
    system, entity = table.split("_", 1)
    staged = {k for (k,) in q(f"select {key} from staging.stg_{system}__{entity}")}
    assert not bad & staged
    reasons = {k: r for t, k, r, _ in rejected(typed_warehouse) if t == table and k in bad}
    assert set(reasons) == bad
    own = {"duplicate_primary_key", "unknown_code", "impossible_date", "wrong_type"}
    assert set(reasons.values()) <= own | {"orphan_foreign_key"}
    assert "orphan_foreign_key" in reasons.values()
    both = {
        k
        for (k,) in q(
            f"select trim({key}) from raw.{table} "
            "where nullif(trim(customer_id), '') is not null and nullif(trim(prospect_id), '') is not null"
        )
    }
    neither = bad - both
    assert both and neither, "the test data should plant both kinds"


@pytest.mark.parametrize("table", sorted(PARTIES))
def test_a_rejected_customer_or_prospect_takes_its_managers_and_visits_along(typed_warehouse, table):
    """Cascade: every clean row of an optional table naming a customer or a prospect that
    was not staged is rejected as orphan_foreign_key (computed here from raw and staging)."""
    q = typed_warehouse.query
    key = CONTRACT[table][1][0]
    system, entity = table.split("_", 1)
    own = {k for t, k, r, _ in rejected(typed_warehouse) if t == table and r != "orphan_foreign_key"}
    expected = {
        k
        for (k,) in q(
            f"""select trim({key}) from raw.{table} as r
                where nullif(trim({key}), '') is not null
                  and ((nullif(trim(customer_id), '') is not null and nullif(trim(prospect_id), '') is null
                        and trim(customer_id) not in (select customer_id from staging.stg_ecif__customers))
                    or (nullif(trim(prospect_id), '') is not null and nullif(trim(customer_id), '') is null
                        and trim(prospect_id) not in (select prospect_id from staging.stg_crm__prospects)))"""
        )
    } - own
    assert expected, f"the test data should have {table} rows of a rejected or unknown party"
    of_rejected_customer = q(
        f"""select count(*) from raw.{table}
            where trim({key}) in (select unnest(?::varchar[]))
              and trim(customer_id) in (select trim(customer_id) from raw.ecif_customers)""",
        [sorted(expected)],
    )[0][0]
    assert of_rejected_customer > 0, f"the test data should have {table} rows of a customer that was rejected"
    orphans = {k for t, k, r, _ in rejected(typed_warehouse) if t == table and r == "orphan_foreign_key"}
    assert expected <= orphans
    staged = {k for (k,) in q(f"select {key} from staging.stg_{system}__{entity}")}
    assert not expected & staged


def test_a_rejected_customer_takes_its_accounts_balances_and_loans_along(typed_warehouse):
    q = typed_warehouse.query
    dropped = {
        k
        for t, k, r, _ in rejected(typed_warehouse)
        if t == "ecif_customers" and r not in ("duplicate_primary_key", "null_primary_key")
    }
    assert dropped, "the test data should reject some customers"
    accounts = q(
        "select distinct trim(account_id) from raw.core_deposit_accounts where trim(customer_id) in "
        "(select unnest(?::varchar[]))",
        [sorted(dropped)],
    )
    loans = q(
        "select distinct trim(loan_id) from raw.credit_loans where trim(customer_id) in (select unnest(?::varchar[]))",
        [sorted(dropped)],
    )
    assert accounts and loans
    account_ids = sorted(a for (a,) in accounts)
    loan_ids = sorted(a for (a,) in loans)
    for table, column, ids in [
        ("stg_core__deposit_accounts", "account_id", account_ids),
        ("stg_core__deposit_balances", "account_id", account_ids),
        ("stg_core__transactions", "account_id", account_ids),
        ("stg_credit__loans", "loan_id", loan_ids),
        ("stg_credit__loan_balances", "loan_id", loan_ids),
    ]:
        staged = q(f"select count(*) from staging.{table} where {column} in (select unnest(?::varchar[]))", [ids])
        assert staged[0][0] == 0, table
    raw_balances = q(
        "select count(*) from raw.core_deposit_balances where trim(account_id) in (select unnest(?::varchar[]))",
        [account_ids],
    )[0][0]
    rejected_balances = q(
        "select count(*) from marts.dq_rejected_rows where source_table = 'core_deposit_balances' "
        "and split_part(record_key, '|', 1) in (select unnest(?::varchar[]))",
        [account_ids],
    )[0][0]
    assert raw_balances > 0 and rejected_balances == raw_balances


@pytest.mark.parametrize("fixture", ["typed_warehouse", "text_warehouse"])
def test_raw_rows_are_conserved(fixture, request):
    warehouse = request.getfixturevalue(fixture)
    for table in CONTRACT:
        system, entity = table.split("_", 1)
        raw = warehouse.query(f"select count(*) from raw.{table}")[0][0]
        staged = warehouse.query(f"select count(*) from staging.stg_{system}__{entity}")[0][0]
        dropped = warehouse.query("select count(*) from marts.dq_rejected_rows where source_table = ?", [table])[0][0]
        assert raw == staged + dropped, table


def test_flagged_values_are_kept_and_flagged(typed_warehouse):
    q = typed_warehouse.query
    flagged = typed_warehouse.manifest["flagged"]
    by_flag: dict[str, set[str]] = {}
    for item in flagged:
        by_flag.setdefault(item["flag"], set()).add(item["record_key"])
    assert set(by_flag) == {"negative_credit_balance", "zero_revenue", "survey_score_clamped"}
    surveys = {
        k
        for (k,) in q(
            "select survey_id from staging.stg_crm__satisfaction_surveys where dq_flags = 'survey_score_clamped'"
        )
    }
    assert by_flag["survey_score_clamped"] <= surveys | rejected_keys(typed_warehouse, "crm_satisfaction_surveys")
    assert surveys <= by_flag["survey_score_clamped"]
    zero = {
        f"{c}|{y}|{d}"
        for c, y, d in q(
            "select customer_id, fiscal_year, report_date from "
            "staging.stg_ecif__customer_financials where dq_flags = 'zero_revenue'"
        )
    }
    assert zero and zero <= by_flag["zero_revenue"]
    negative = q("select count(*) from staging.stg_credit__loan_balances where dq_flags = 'negative_credit_balance'")
    assert negative[0][0] > 0


def rejected_keys(warehouse, table: str) -> set[str]:
    return {k for t, k, _, _ in rejected(warehouse) if t == table}


def test_rejected_rows_carry_a_readable_reason_and_raw_row(typed_warehouse):
    rows = typed_warehouse.query("select reason_code, reason, raw_row from marts.dq_rejected_rows")
    assert rows
    for reason_code, reason, raw_row in rows:
        assert reason and raw_row and "=" in raw_row, reason_code


@pytest.mark.parametrize(
    "table, columns", [("ecif_customers", ["customer_name", "uscc"]), ("crm_prospects", ["prospect_name", "uscc"])]
)
def test_personal_data_is_masked_in_rejected_rows(typed_warehouse, table, columns):
    """A rejected customer's or prospect's raw row shows its name and USCC as their first
    character and `***`; the full values stay in the raw table only."""
    key = CONTRACT[table][1][0]
    raw = {}
    for row in typed_warehouse.query(f"select trim({key}), {', '.join(columns)} from raw.{table}"):
        raw.setdefault(row[0], []).append(dict(zip(columns, row[1:])))
    rows = [(k, parse_raw_row(r)) for t, k, _, r in rejected(typed_warehouse) if t == table]
    assert rows, f"the test data should reject some {table} rows"
    masked = 0
    for record_key, values in rows:
        for column in columns:
            shown = values[column]
            if shown is None:
                continue
            assert shown.endswith("***") and len(shown) == 4, (record_key, column, shown)
            if record_key:  # a row without its key (null_primary_key) cannot be looked up
                assert any(r[column] and r[column].startswith(shown[0]) for r in raw[record_key]), record_key
            masked += 1
    assert masked > 0
    full_values = {v for copies in raw.values() for r in copies for v in r.values() if v and len(v) > 1}
    leaks = [text for _, _, _, text in rejected(typed_warehouse) if any(v in text for v in full_values)]
    assert not leaks, leaks[:3]
