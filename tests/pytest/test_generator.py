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
    assert len(contract) == 17
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
