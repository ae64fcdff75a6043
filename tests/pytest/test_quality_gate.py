"""The quality gate (scripts/quality_gate.py with gx/thresholds.yml) passes on clean data
and, when an anomaly is planted, fails on exactly the expectation meant to catch it.

The data is the session's typed warehouse plus one earlier month-end (2025-11-30), so
that the drift checks have a previous as_of_date; each test works on its own copy."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import duckdb
import pytest
import quality_gate
from demo_data.contract import OPTIONAL_TABLES
from generate_demo_data import CONTRACT

from conftest import TEXT, dbt, generate

AS_OF = "2025-12-31"
PREVIOUS = "2025-11-30"


@pytest.fixture(scope="module")
def two_month_ends(typed_warehouse, tmp_path_factory) -> Path:
    """The typed warehouse with the month-end before its as_of_date built too (the
    history marts keep both slices)."""
    folder = tmp_path_factory.mktemp("quality_gate")
    database = folder / "two_month_ends.duckdb"
    shutil.copy(typed_warehouse.database, database)
    dbt(database, "run", "--vars", f"{{as_of_date: '{PREVIOUS}'}}", target_path=folder / "target")
    return database


@pytest.fixture
def warehouse(two_month_ends, tmp_path) -> Path:
    database = tmp_path / "warehouse.duckdb"
    shutil.copy(two_month_ends, database)
    return database


def execute(database: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(database)) as con:
        return con.execute(sql).fetchall()


def gate(database: Path, tmp_path: Path) -> quality_gate.GateResult:
    return quality_gate.run_gate(str(database), docs_dir=tmp_path / "docs")


def test_clean_data_passes(warehouse, tmp_path, capsys):
    docs = tmp_path / "docs"
    code = quality_gate.main(["--database", str(warehouse), "--docs-dir", str(docs)])
    out = capsys.readouterr().out
    assert code == 0, out
    assert f"on as_of_date {AS_OF}, previous {PREVIOUS}" in out
    assert " FAIL " not in out and "GATE PASSED" in out
    assert (docs / "index.html").exists() and any((docs / "validations").rglob("*.html"))
    # The run's raw row counts are kept for the next run to compare with.
    recorded = execute(warehouse, "select count(*), bool_and(gate_passed), min(as_of_date) from quality.raw_row_counts")
    assert recorded == [(len(CONTRACT), True, dt.date.fromisoformat(AS_OF))]


def test_the_gate_passes_without_the_optional_tables(warehouse, tmp_path, capsys):
    """A bank without the optional tables (crm_customer_managers, crm_visits) passes: they
    are neither missing columns nor empty tables; the other tables are counted as usual."""
    for table in sorted(OPTIONAL_TABLES):
        execute(warehouse, f"drop table raw.{table}")
    code = quality_gate.main(["--database", str(warehouse), "--docs-dir", str(tmp_path / "docs")])
    out = capsys.readouterr().out
    assert code == 0, out
    assert " FAIL " not in out and "GATE PASSED" in out
    recorded = execute(warehouse, "select count(*) from quality.raw_row_counts")
    assert recorded == [(len(CONTRACT) - len(OPTIONAL_TABLES),)]


def test_a_region_whose_deposits_vanished_fails_the_region_check_only(warehouse, tmp_path):
    (region,) = execute(warehouse, "select min(trim(region_code)) from raw.ecif_branches")[0]
    execute(
        warehouse,
        f"""
        update raw.core_deposit_balances set balance = 0
        where balance_date >= date '{AS_OF[:8]}01'
          and trim(account_id) in (
              select trim(accounts.account_id)
              from raw.core_deposit_accounts as accounts
              inner join raw.ecif_customers as customers
                  on trim(accounts.customer_id) = trim(customers.customer_id)
              inner join raw.ecif_branches as branches on trim(customers.branch_id) = trim(branches.branch_id)
              where trim(branches.region_code) = '{region}'
          )
    """,
    )
    result = gate(warehouse, tmp_path)
    assert result.failures == ["raw.region_deposit_drop"]
    assert not result.passed
    (outcome,) = [o for o in result.outcomes if o.name == "raw.region_deposit_drop"]
    assert outcome.observed.startswith(f"{region}=0.00")


def move_customers_into_tier(database: Path, tier: str, share: float | None = None) -> None:
    """Re-tier customers of below_scale (the largest tier) as `tier` on AS_OF: enough to
    double `tier`'s share, or to bring it to `share`."""
    total, in_tier = execute(
        database,
        f"""
        select count(*), sum(case when tier_code = '{tier}' then 1 else 0 end)
        from marts.fct_customer_segments where as_of_date = date '{AS_OF}'
    """,
    )[0]
    moved = in_tier if share is None else int(share * total) - in_tier + 1
    execute(
        database,
        f"""
        update marts.fct_customer_segments set tier_code = '{tier}'
        where as_of_date = date '{AS_OF}'
          and customer_id in (
              select customer_id from marts.fct_customer_segments
              where as_of_date = date '{AS_OF}' and tier_code = 'below_scale'
              order by customer_id
              limit {moved}
          )
    """,
    )


def test_a_doubled_tier_share_fails_the_share_change_check_only(warehouse, tmp_path):
    """`small` goes from about a fifth to about two fifths: still inside its band (at
    most half), but 20 share points away from the previous as_of_date."""
    move_customers_into_tier(warehouse, "small")
    result = gate(warehouse, tmp_path)
    assert result.failures == ["marts.tier_share_change"]
    (outcome,) = [o for o in result.outcomes if o.name == "marts.tier_share_change"]
    assert "small=" in outcome.observed and "below_scale=" in outcome.observed


def test_a_tier_holding_most_customers_fails_its_band_and_the_change_check(warehouse, tmp_path):
    move_customers_into_tier(warehouse, "small", share=0.6)
    result = gate(warehouse, tmp_path)
    assert result.failures == ["marts.tier_share.small", "marts.tier_share_change"]


def test_a_raw_table_that_lost_rows_since_the_previous_run_fails(warehouse, tmp_path, capsys):
    args = ["--database", str(warehouse), "--docs-dir", str(tmp_path / "docs")]
    assert quality_gate.main(args) == 0
    execute(warehouse, "delete from raw.core_transactions where txn_date < date '2025-07-01'")
    assert quality_gate.main(args) == 1
    out = capsys.readouterr().out
    assert out.rstrip().endswith("GATE FAILED: raw.row_count_drop")
    assert "core_transactions=0.4" in out


def test_a_text_load_only_warns_about_the_declared_types(tmp_path):
    """A clean text export (the session's text warehouse is full of unreadable values:
    see the next test): only the declared types warn."""
    database = tmp_path / "text.duckdb"
    generate(database, raw_as_text=True, unreadable=False, **TEXT)
    dbt(
        database, "build", "--exclude", "resource_type:test", "resource_type:unit_test", target_path=tmp_path / "target"
    )
    result = gate(database, tmp_path)
    assert result.failures == ["raw.column_types"]
    assert result.passed
    (outcome,) = [o for o in result.outcomes if o.name == "raw.column_types"]
    assert outcome.severity == "warning" and "VARCHAR (declared" in outcome.observed


def test_unreadable_text_values_stop_the_gate(text_warehouse, tmp_path):
    """The session's text warehouse has unreadable values in every date and number
    column: the build stages or rejects them, and the gate blocks on them by name."""
    database = tmp_path / "text.duckdb"
    shutil.copy(text_warehouse.database, database)
    result = gate(database, tmp_path)
    assert not result.passed
    assert "raw.text_values_parse" in result.failures
    (outcome,) = [o for o in result.outcomes if o.name == "raw.text_values_parse"]
    assert outcome.severity == "blocking"
