"""The optional raw tables (crm_customer_managers, crm_visits; docs/raw_data_contract.md
"Optional tables"): a bank without them builds everything, their staged models are empty
with the contract's columns."""

from __future__ import annotations

import duckdb
import pytest
from demo_data.contract import OPTIONAL_TABLES
from generate_demo_data import CONTRACT

from conftest import dbt, generate, run_actions

SMALL = {"customers": 160, "days": 70, "as_of": "2026-01-31", "seed": 23, "bad_rate": 0.01}


@pytest.fixture(scope="module")
def without_optional(tmp_path_factory):
    """A small data set whose optional raw tables are dropped, built with `dbt build`
    (models and every data test)."""
    folder = tmp_path_factory.mktemp("without_optional")
    database = folder / "warehouse.duckdb"
    generate(database, **SMALL)
    with duckdb.connect(str(database)) as con:
        for table in OPTIONAL_TABLES:
            con.execute(f"drop table raw.{table}")
    result = dbt(database, "build", target_path=folder / "target", check=False)
    return database, result


def test_the_optional_tables_are_those_of_the_contract():
    assert {"crm_customer_managers", "crm_visits"} == OPTIONAL_TABLES
    assert set(CONTRACT) >= OPTIONAL_TABLES


def test_the_project_builds_without_the_optional_tables(without_optional):
    database, result = without_optional
    assert result.returncode == 0, result.stdout[-4000:]
    with duckdb.connect(str(database), read_only=True) as con:
        tables = {
            r[0]
            for r in con.execute(
                "select table_name from information_schema.tables where table_schema = 'raw'"
            ).fetchall()
        }
        assert not tables & OPTIONAL_TABLES
        for table in sorted(OPTIONAL_TABLES):
            system, entity = table.split("_", 1)
            model = f"staging.stg_{system}__{entity}"
            assert con.execute(f"select count(*) from {model}").fetchone()[0] == 0, model
            columns = con.execute(
                "select column_name, data_type from information_schema.columns "
                "where table_schema = 'staging' and table_name = ? order by ordinal_position",
                [f"stg_{system}__{entity}"],
            ).fetchall()
            assert columns == [(c, t) for c, t in CONTRACT[table][0]], model
            rejected = con.execute("select count(*) from marts.dq_rejected_rows where source_table = ?", [table])
            assert rejected.fetchone()[0] == 0
        # the rest of the contract is staged as usual
        assert con.execute("select count(*) from staging.stg_ecif__customers").fetchone()[0] > 0
        assert con.execute("select count(*) from marts.fct_customer_segments").fetchone()[0] > 0


def test_without_the_crm_tables_the_lists_build_and_group_by_branch(without_optional, tmp_path):
    """docs/segmentation_rules.md §15.1-15.2: every action is the branch's; no visit is
    recorded, so no visit-based action is listed (rather than every customer "never
    visited"); scripts/actions.py writes a list for every branch with actions."""
    database, _ = without_optional
    with duckdb.connect(str(database), read_only=True) as con:
        rows = con.execute("select action_code, manager_id, branch_id from marts.mart_manager_actions").fetchall()
    assert rows
    assert all(manager is None and branch is not None for _, manager, branch in rows)
    assert {action for action, _, _ in rows} <= {"retention", "cross_sell"}
    result = run_actions(database, tmp_path / "actions")
    assert result.returncode == 0, result.stderr
    assert {p.stem for p in (tmp_path / "actions").glob("*.csv")} >= {branch for _, _, branch in rows}
