"""The demo data generator writes the raw-data contract, deterministically, with
realistic content and the bad rows its manifest lists."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
import yaml

from conftest import PROJECT_DIR, generate

TYPE_NAMES = {
    "VARCHAR": "VARCHAR",
    "DATE": "DATE",
    "BOOLEAN": "BOOLEAN",
    "INTEGER": "INTEGER",
    "TIMESTAMP": "TIMESTAMP",
}


def contract_from_sources_yaml() -> dict[str, list[tuple[str, str]]]:
    """The contract as the project documents it: the sources YAML files."""
    tables = {}
    for path in sorted((PROJECT_DIR / "models" / "staging").glob("*/_*__sources.yml")):
        for source in yaml.safe_load(path.read_text(encoding="utf-8"))["sources"]:
            for table in source["tables"]:
                tables[table["identifier"]] = [(c["name"], c["data_type"]) for c in table["columns"]]
    return tables


def test_generator_writes_every_contract_table_with_its_columns_and_types(typed_warehouse):
    contract = contract_from_sources_yaml()
    assert len(contract) == 19  # 17 tables and the 2 optional ones
    for table, columns in contract.items():
        actual = typed_warehouse.query(
            "select column_name, data_type from information_schema.columns "
            "where table_schema = 'raw' and table_name = ? order by ordinal_position",
            [table],
        )
        assert [name for name, _ in actual] == [name for name, _ in columns], table
        for (name, actual_type), (_, contract_type) in zip(actual, columns):
            assert actual_type == TYPE_NAMES.get(contract_type, contract_type), (table, name)
        assert typed_warehouse.manifest["row_counts"][table] > 0, table


def test_text_variant_lands_every_column_as_text(text_warehouse):
    types = text_warehouse.query("select distinct data_type from information_schema.columns where table_schema = 'raw'")
    assert types == [("VARCHAR",)]
    reasons = {p["reason_code"] for p in text_warehouse.manifest["planted"]}
    assert "wrong_type" in reasons


def table_checksums(database: Path) -> dict[str, tuple]:
    with duckdb.connect(str(database), read_only=True) as con:
        tables = [
            r[0]
            for r in con.execute(
                "select table_name from information_schema.tables where table_schema = 'raw'"
            ).fetchall()
        ]
        return {t: con.execute(f"select count(*), sum(hash(t)) from raw.{t} as t").fetchone() for t in tables}


def test_generator_is_deterministic(tmp_path):
    options = {"customers": 60, "days": 45, "as_of": "2024-02-29", "bad_rate": 0.02}
    first = generate(tmp_path / "a.duckdb", seed=3, **options)
    second = generate(tmp_path / "b.duckdb", seed=3, **options)
    other = generate(tmp_path / "c.duckdb", seed=4, **options)
    assert table_checksums(tmp_path / "a.duckdb") == table_checksums(tmp_path / "b.duckdb")
    assert first["planted"] == second["planted"]
    assert table_checksums(tmp_path / "a.duckdb") != table_checksums(tmp_path / "c.duckdb")
    assert other["planted"] != first["planted"]


def raw_record_keys(warehouse, table: str, key: list[str], types: dict[str, str]) -> list[str]:
    parts = []
    for column in key:
        if types[column] == "DATE":
            # an infinite date ('inf') is no date: its text stands
            day = f"try_cast({column} as date)"
            parts.append(
                f"coalesce(strftime(case when isfinite({day}) then {day} end, '%Y-%m-%d'), "
                f"trim(cast({column} as varchar)), '')"
            )
        else:
            parts.append(f"coalesce(trim(cast({column} as varchar)), '')")
    return [r[0] for r in warehouse.query(f"select {' || chr(124) || '.join(parts)} from raw.{table}")]


@pytest.mark.parametrize("fixture", ["typed_warehouse", "text_warehouse"])
def test_every_planted_row_exists_in_raw(fixture, request):
    from generate_demo_data import CONTRACT

    warehouse = request.getfixturevalue(fixture)
    by_table: dict[str, list[str]] = {}
    for planted in warehouse.manifest["planted"]:
        by_table.setdefault(planted["table"], []).append(planted["record_key"])
    assert len(by_table) >= 15
    for table, keys in by_table.items():
        columns, key = CONTRACT[table]
        present = set(raw_record_keys(warehouse, table, key, dict(columns)))
        missing = [k for k in keys if k not in present]
        assert not missing, (table, missing[:5])


def test_every_bad_row_kind_is_planted(typed_warehouse, text_warehouse):
    kinds = {p["reason_code"] for p in typed_warehouse.manifest["planted"]}
    assert kinds == {
        "null_primary_key",
        "duplicate_primary_key",
        "unknown_code",
        "impossible_date",
        "negative_balance",
        "closed_without_closed_date",
        "orphan_foreign_key",
    }
    assert {p["reason_code"] for p in text_warehouse.manifest["planted"]} >= kinds | {"wrong_type"}


def test_demo_data_is_realistic(typed_warehouse):
    q = typed_warehouse.query
    one = lambda sql: q(sql)[0][0]  # noqa: E731
    assert one("select count(distinct region_code) from raw.ecif_branches") >= 3
    assert one("select count(distinct substr(trim(industry_code), 1, 1)) from raw.ecif_customers") >= 15
    assert (
        one("""select count(distinct lower(trim(customer_kind))) from raw.ecif_customers where lower(trim(customer_kind))
                  in ('enterprise', 'government', 'public_institution', 'social_organization', 'financial_institution')""")
        == 5
    )
    # many small, few large
    large = one("select avg(case when annual_revenue_cny >= 3e8 then 1.0 else 0 end) from raw.ecif_customer_financials")
    assert 0.002 < large < 0.15
    assert one("select count(*) from raw.ecif_customers where group_id is not null") > 0
    assert one("select count(*) from raw.ecif_customers where lower(trim(status)) = 'closed'") > 0
    # restated statements, zero revenue, borrowers without deposit accounts
    assert (
        one("""select count(*) from (select customer_id, fiscal_year from raw.ecif_customer_financials
                  group by all having count(*) > 1)""")
        > 0
    )
    assert (
        one("""select count(distinct l.customer_id) from raw.credit_loans as l
                  where not exists (select 1 from raw.core_deposit_accounts as a where a.customer_id = l.customer_id)""")
        > 0
    )
    assert one("select count(distinct currency) from raw.core_deposit_accounts") >= 3
    # FX rates are missing on weekends
    assert (
        one("select count(*) from raw.core_fx_rates where isodow(rate_date) >= 6 and rate_date > date '1900-01-01'")
        == 0
    )
    assert one("select count(*) from raw.credit_loans where exposure_type = 'off_balance'") > 0
    # five-category migration: loans seen in more than one category
    assert (
        one("""select count(*) from (select loan_id from raw.credit_loan_balances
                  group by loan_id having count(distinct five_category) > 1)""")
        > 0
    )
    assert one("select count(*) from raw.core_fee_income where amount_cny < 0") > 0
    assert one("select count(*) from raw.crm_prospects where uscc in (select uscc from raw.ecif_customers)") > 0
    assert (
        one("select count(distinct status) from raw.crm_prospects where status in ('open', 'converted', 'dropped')")
        == 3
    )
    for table in (
        "credit_ratings",
        "bureau_credit_summary",
        "crm_prospect_assessments",
        "crm_satisfaction_surveys",
        "crm_agreements",
        "ecif_customer_tags",
        "core_transactions",
    ):
        assert one(f"select count(*) from raw.{table}") > 0, table
    # the growth indicator's earlier window needs the full history
    assert (
        one(
            "select max(balance_date) - min(balance_date) from raw.core_deposit_balances "
            "where balance_date > date '1900-01-01'"
        )
        == 400 - 1
    )


def test_managers_and_visits_are_realistic(typed_warehouse):
    """The optional tables: most customers have one primary manager at a time, some have
    none, some were reassigned (a closed row and a newer one), big ones more often have a
    secondary; prospects have managers; visits come more often for bigger customers, and
    some are by a manager no longer assigned."""
    q = typed_warehouse.query
    one = lambda sql: q(sql)[0][0]  # noqa: E731
    managed = "select distinct customer_id from raw.crm_customer_managers where customer_id is not null"
    customers = one("select count(distinct customer_id) from raw.ecif_customers")
    with_manager = one(f"select count(*) from ({managed})")
    assert 0.6 * customers < with_manager < customers
    assert one(f"select count(*) from raw.ecif_customers where customer_id not in ({managed})") > 0
    # at most one open primary assignment per customer, most customers exactly one
    assert (
        one("""select max(n) from (select customer_id, count(*) as n from raw.crm_customer_managers
                where manager_role = 'primary' and valid_to is null and customer_id is not null
                  and assignment_id like 'A%' group by customer_id)""")
        <= 2  # a planted duplicate copy may double one
    )
    reassigned = one("""select count(distinct a.customer_id) from raw.crm_customer_managers as a
        inner join raw.crm_customer_managers as b
            on a.customer_id = b.customer_id and a.manager_role = 'primary' and b.manager_role = 'primary'
            and b.valid_from = a.valid_to + 1 and a.manager_id <> b.manager_id""")
    assert reassigned > 0.1 * with_manager
    assert one("select count(*) from raw.crm_customer_managers where manager_role = 'secondary'") > 0
    assert one("select count(*) from raw.crm_customer_managers where prospect_id is not null") > 0
    assert one("select count(*) from raw.crm_visits where prospect_id is not null") > 0
    not_assigned = one("""select count(*) from raw.crm_visits as v
        where v.customer_id is not null and not exists (
            select 1 from raw.crm_customer_managers as m
            where m.customer_id = v.customer_id and m.manager_id = v.manager_id and m.valid_to is null)""")
    assert not_assigned > 0
    # bigger customers (by their largest reported revenue) are visited more often
    per_customer = q(
        """select big, avg(n_visits) from (
            select c.customer_id,
                (select max(try_cast(f.annual_revenue_cny as double)) from raw.ecif_customer_financials as f
                 where f.customer_id = c.customer_id) >= 1e8 as big,
                (select count(*) from raw.crm_visits as v where v.customer_id = c.customer_id) as n_visits
            from raw.ecif_customers as c where c.customer_id in ("""
        + managed
        + """)
        ) where big is not null group by 1 order by 1"""
    )
    assert len(per_customer) == 2 and per_customer[1][1] > 1.5 * per_customer[0][1]
    channels = {r[0] for r in q("select distinct channel from raw.crm_visits")}
    assert {"on_site", "phone", "video", "event", "other"} <= channels
