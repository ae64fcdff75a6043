"""The semantic layer (MetricFlow, models/marts/semantic/): its metrics, queried with
`mf query` on a warehouse of two month-ends, equal direct SQL aggregates of the marts;
stock measures are not added up over as_of_dates; the exposures name the dashboards."""

from __future__ import annotations

import csv
import json
import math
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import BIN, PROJECT_DIR

METRICS = {
    "customers",
    "profit_contribution",
    "profit_per_customer",
    "average_bank_value_score",
    "deposit_adb",
    "credit_balance",
    "exit_segment_credit_balance",
    "important_customers",
    "prospects",
    "gold_prospects",
    "average_potential_value_score",
    "migrating_customers",
    # the numerators of the two averages (ratio metrics divide metrics)
    "bank_value_score_sum",
    "potential_value_score_sum",
}
SAVED_QUERIES = {
    "tier_segment_overview",
    "branch_class_overview",
    "lifecycle_risk_by_region",
    "prospect_pipeline",
    "segment_migration_matrix",
}
DASHBOARDS = {"segmentation_dashboard", "migration_dashboard", "prospect_pipeline"}


@pytest.fixture(scope="module")
def mf_project(history_warehouse, tmp_path_factory) -> Path:
    """`mf` reads <project>/target/semantic_manifest.json: a folder that mirrors the project
    through symlinks, with the warehouse build's semantic manifest in its own target/."""
    folder = tmp_path_factory.mktemp("mf_project")
    for entry in ("dbt_project.yml", "profiles.yml", "models", "macros", "seeds", "snapshots", "analyses", "tests"):
        (folder / entry).symlink_to(PROJECT_DIR / entry)
    (folder / "target").mkdir()
    shutil.copy(history_warehouse.target_path / "semantic_manifest.json", folder / "target")
    return folder


def mf(project: Path, database: Path, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, DBT_PROFILES_DIR=str(project), DBT_DUCKDB_PATH=str(database))
    result = subprocess.run([str(BIN / "mf"), *args], cwd=project, env=env, capture_output=True, text=True)
    assert result.returncode == 0, f"mf {' '.join(args)}:\n{result.stdout[-4000:]}\n{result.stderr[-3000:]}"
    return result


def query(project: Path, database: Path, tmp_path: Path, *args: str) -> list[dict]:
    out = tmp_path / f"mf_{len(list(tmp_path.glob('mf_*.csv')))}.csv"
    mf(project, database, "query", *args, "--csv", str(out), "--quiet")
    with open(out, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def close(a: object, b: object) -> bool:
    a, b = float(a or 0), float(b or 0)
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=0.01)


def day(value: str) -> str:
    return value[:10]


def test_semantic_manifest_defines_the_metrics_saved_queries_and_time_spine(history_warehouse):
    semantic = json.loads((history_warehouse.target_path / "semantic_manifest.json").read_text(encoding="utf-8"))
    assert {m["name"] for m in semantic["metrics"]} == METRICS
    assert {q["name"] for q in semantic["saved_queries"]} == SAVED_QUERIES
    for model in semantic["semantic_models"]:
        assert any(e["type"] == "primary" for e in model["entities"]), model["name"]
    for item in semantic["metrics"] + semantic["saved_queries"] + semantic["semantic_models"]:
        assert "中文" in (item.get("description") or ""), item["name"]
    # the time spine spans every as_of_date of the history marts
    dates = history_warehouse.query("select min(as_of_date), max(as_of_date) from marts.fct_customer_segments")[0]
    spine = history_warehouse.query("select min(date_day), max(date_day), count(*) from marts.dim_dates")[0]
    assert spine[0] <= dates[0] and dates[1] <= spine[1]
    assert spine[2] == (spine[1] - spine[0]).days + 1


def test_exposures_name_the_dashboards_and_what_they_read(history_warehouse):
    manifest = json.loads((history_warehouse.target_path / "manifest.json").read_text(encoding="utf-8"))
    exposures = {e["name"]: e for e in manifest["exposures"].values() if e["package_name"] == "corp_tiering"}
    assert set(exposures) >= DASHBOARDS
    for name, exposure in exposures.items():
        assert exposure["owner"]["name"] and "中文" in exposure["description"], name
        assert any(n.startswith("model.corp_tiering.") for n in exposure["depends_on"]["nodes"]), name
    assert "model.corp_tiering.mart_segment_migration" in exposures["migration_dashboard"]["depends_on"]["nodes"]
    assert "model.corp_tiering.fct_prospect_segments" in exposures["prospect_pipeline"]["depends_on"]["nodes"]


def test_mf_validates_the_semantic_layer_against_the_warehouse(mf_project, history_warehouse):
    result = mf(mf_project, history_warehouse.database, "validate-configs")
    assert "ERRORS: 0" in result.stdout and "ERRORS: 1" not in result.stdout


def test_customer_metrics_by_date_tier_and_segment_equal_the_marts(mf_project, history_warehouse, tmp_path):
    rows = query(
        mf_project,
        history_warehouse.database,
        tmp_path,
        "--metrics",
        "customers,profit_contribution,deposit_adb,credit_balance",
        "--group-by",
        "metric_time__day,customer_day__tier_code,customer_day__segment_code",
    )
    got = {(day(r["metric_time__day"]), r["customer_day__tier_code"], r["customer_day__segment_code"]): r for r in rows}
    expected = history_warehouse.query("""
        select cast(segments.as_of_date as varchar), segments.tier_code, segments.segment_code, count(*),
               sum(segments.profit_contribution), sum(metrics.deposit_adb_cny), sum(metrics.credit_balance_cny)
        from marts.fct_customer_segments as segments
        inner join marts.fct_customer_metrics as metrics
            on segments.as_of_date = metrics.as_of_date and segments.customer_id = metrics.customer_id
        group by all
    """)
    assert len({e[0] for e in expected}) == 2, "the warehouse should hold two as_of_dates"
    assert set(got) == {e[:3] for e in expected}
    for date, tier, segment, customers, profit, deposit, credit in expected:
        row = got[(date, tier, segment)]
        assert int(float(row["customers"])) == customers, (date, tier, segment)
        assert close(row["profit_contribution"], profit), (date, tier, segment)
        assert close(row["deposit_adb"], deposit), (date, tier, segment)
        assert close(row["credit_balance"], credit), (date, tier, segment)


def test_stock_metrics_without_a_date_read_the_latest_date(mf_project, history_warehouse, tmp_path):
    """Customer counts and balances are not added up over as_of_dates: without a time
    dimension a query reads the latest as_of_date."""
    rows = query(
        mf_project,
        history_warehouse.database,
        tmp_path,
        "--metrics",
        "customers,exit_segment_credit_balance",
        "--group-by",
        "customer_day__region_code,customer_day__lifecycle_stage",
    )
    expected = history_warehouse.query("""
        select segments.region_code, segments.lifecycle_stage, count(*),
               sum(case when segments.segment_code = 'exit' then metrics.credit_balance_cny end)
        from marts.fct_customer_segments as segments
        inner join marts.fct_customer_metrics as metrics
            on segments.as_of_date = metrics.as_of_date and segments.customer_id = metrics.customer_id
        where segments.as_of_date = (select max(as_of_date) from marts.fct_customer_segments)
        group by all
    """)
    got = {(r["customer_day__region_code"], r["customer_day__lifecycle_stage"]): r for r in rows}
    assert set(got) == {e[:2] for e in expected}
    for region, stage, customers, exit_credit in expected:
        assert int(float(got[(region, stage)]["customers"])) == customers, (region, stage)
        assert close(got[(region, stage)]["exit_segment_credit_balance"], exit_credit), (region, stage)


def test_saved_queries_for_the_prospect_pipeline_and_migration(mf_project, history_warehouse, tmp_path):
    rows = query(mf_project, history_warehouse.database, tmp_path, "--saved-query", "segment_migration_matrix")
    got = {
        (
            day(r["migration_path__from_as_of_date__day"]),
            day(r["metric_time__day"]),
            r["migration_path__from_segment_code"],
            r["migration_path__to_segment_code"],
        ): int(float(r["migrating_customers"]))
        for r in rows
    }
    expected = {
        (str(f), str(t), fs, ts): n
        for f, t, fs, ts, n in history_warehouse.query(
            "select from_as_of_date, to_as_of_date, from_segment_code, to_segment_code, customers "
            "from marts.mart_segment_migration"
        )
    }
    assert expected and got == expected

    rows = query(mf_project, history_warehouse.database, tmp_path, "--saved-query", "prospect_pipeline")
    got = {
        (
            day(r["metric_time__day"]),
            r["prospect_day__region_code"],
            r["prospect_day__tier_code"],
            r["prospect_day__segment_code"],
        ): r
        for r in rows
    }
    expected = history_warehouse.query("""
        select cast(as_of_date as varchar), region_code, tier_code, segment_code, count(*), avg(potential_value_score)
        from marts.fct_prospect_segments group by all
    """)
    assert expected and set(got) == {e[:4] for e in expected}
    for *key, prospects, average in expected:
        assert int(float(got[tuple(key)]["prospects"])) == prospects, key
        assert math.isclose(float(got[tuple(key)]["average_potential_value_score"]), float(average), abs_tol=1e-6), key
