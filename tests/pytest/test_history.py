"""History: the type-2 snapshot of the customer master (docs/segmentation_rules.md §11) and the backfill script
(scripts/backfill.py) that builds one slice of the history marts per as_of_date, resumably."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import subprocess

import backfill
import duckdb
import pytest

from conftest import BIN, PROJECT_DIR, dbt, generate, make_dry_run

SNAPSHOT = "snapshot.corp_tiering.snp_ecif__customers"
# Enough of the DAG for two history marts, without the data tests: the backfill's
# mechanics are under test here, not the models.
FAST = ["--select", "+mart_segment_migration", "--exclude", "resource_type:test", "resource_type:unit_test"]


# ------------------------------------------------------------------ snapshot


def test_snapshot_is_documented_tested_and_read_by_no_model(typed_warehouse):
    manifest = json.loads((typed_warehouse.target_path / "manifest.json").read_text(encoding="utf-8"))
    catalog = json.loads((typed_warehouse.target_path / "catalog.json").read_text(encoding="utf-8"))
    node = manifest["nodes"][SNAPSHOT]
    assert node["schema"] == "snapshots"
    assert re.search(r"[Oo]ne row per", node["description"]) and re.search(r"每.*一行", node["description"])
    documented = {name.lower(): column for name, column in node["columns"].items()}
    actual = {name.lower() for name in catalog["nodes"][SNAPSHOT]["columns"]}
    assert set(documented) == actual
    assert {"valid_from", "valid_to"} <= actual and "dbt_valid_from" not in actual
    assert all(column["description"].strip() for column in documented.values())
    key_tests = [
        n
        for n in manifest["nodes"].values()
        if n["resource_type"] == "test"
        and n.get("attached_node") == SNAPSHOT
        and (n.get("test_metadata") or {}).get("name") == "unique_combination_of_columns"
    ]
    assert key_tests, "the snapshot has no primary-key test"
    readers = [child for child in manifest["child_map"][SNAPSHOT] if not child.startswith("test.")]
    assert not readers, f"audit only, yet read by {readers}"


def test_snapshot_is_disabled_on_spark(tmp_path):
    """Spark without Delta cannot snapshot: on a Spark target the snapshot does not exist.
    (dbt ls only parses: no Spark session starts.)"""
    (tmp_path / "profiles.yml").write_text(
        "corp_tiering:\n  target: spark\n  outputs:\n    spark:\n"
        "      {type: spark, method: session, schema: default, host: NA}\n",
        encoding="utf-8",
    )
    env = dict(os.environ, DBT_PROFILES_DIR=str(tmp_path))
    result = subprocess.run(
        [
            str(BIN / "dbt"),
            "ls",
            "--resource-type",
            "snapshot",
            "--output",
            "name",
            "--target-path",
            str(tmp_path / "target"),
            "--log-path",
            str(tmp_path / "logs"),
            "--no-use-colors",
        ],
        cwd=PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert "snp_ecif__customers" not in result.stdout and "No nodes selected" in result.stdout


def test_snapshot_closes_a_row_when_a_customers_branch_changes(typed_warehouse, tmp_path):
    database = tmp_path / "snapshot.duckdb"
    shutil.copy(typed_warehouse.database, database)
    with duckdb.connect(str(database)) as con:
        (staged,) = con.execute("select count(*) from staging.stg_ecif__customers").fetchone()
        # The fixture's `dbt build` took the first snapshot: one current row per customer.
        assert con.execute("""select count(*), count(distinct customer_id), count(valid_to)
                              from snapshots.snp_ecif__customers""").fetchone() == (staged, staged, 0)
        customer, old_branch = con.execute("""
            select stg.customer_id, stg.branch_id
            from staging.stg_ecif__customers as stg
            where (select count(*) from raw.ecif_customers as raw where trim(raw.customer_id) = stg.customer_id) = 1
            order by stg.customer_id
            limit 1""").fetchone()
        (new_branch,) = con.execute(
            "select min(branch_id) from staging.stg_ecif__branches where branch_id <> ?", [old_branch]
        ).fetchone()
        con.execute(
            """update raw.ecif_customers
                       set branch_id = ?, updated_at = updated_at + interval 1 day
                       where trim(customer_id) = ?""",
            [new_branch, customer],
        )
    # Refresh the staged master and take the snapshot again, with the snapshot's own tests
    # (primary key, one current row per customer).
    dbt(
        database,
        "build",
        "--select",
        "+snp_ecif__customers",
        "--exclude",
        "resource_type:seed",
        "resource_type:unit_test",
        "--indirect-selection",
        "cautious",
        target_path=tmp_path / "target",
    )
    with duckdb.connect(str(database), read_only=True) as con:
        rows = con.execute(
            """select branch_id, valid_from, valid_to from snapshots.snp_ecif__customers
                              where customer_id = ? order by valid_from""",
            [customer],
        ).fetchall()
        others = con.execute(
            """select count(*), count(distinct customer_id), count(valid_to)
                                from snapshots.snp_ecif__customers where customer_id <> ?""",
            [customer],
        ).fetchone()
    assert len(rows) == 2, rows
    (first_branch, first_from, first_to), (second_branch, second_from, second_to) = rows
    assert first_branch == old_branch and first_to is not None and first_to > first_from
    assert second_branch == new_branch and second_to is None and second_from == first_to
    assert others == (staged - 1, staged - 1, 0)


# ------------------------------------------------------------------ backfill


def run_backfill(database, log, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, DBT_DUCKDB_PATH=str(database), DBT_PROFILES_DIR=str(PROJECT_DIR))
    return subprocess.run(
        [str(BIN / "python"), str(PROJECT_DIR / "scripts" / "backfill.py"), "--log", str(log), *args],
        cwd=PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
    )


def log_lines(log) -> list[dict]:
    return [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]


def test_month_ends():
    day = dt.date.fromisoformat
    assert backfill.month_ends(day("2024-01-15"), day("2024-03-31")) == [
        day("2024-01-31"),
        day("2024-02-29"),
        day("2024-03-31"),
    ]
    assert backfill.month_ends(day("2026-08-31"), day("2026-10-30")) == [day("2026-08-31"), day("2026-09-30")]
    assert backfill.last_month_ends(3, day("2026-10-31")) == [day("2026-08-31"), day("2026-09-30"), day("2026-10-31")]
    assert backfill.last_month_ends(2, day("2025-03-15")) == [day("2025-01-31"), day("2025-02-28")]
    args, dbt_args = backfill.parse_args(["--dates", "2026-09-30", "2026-08-31", "--", "--select", "x"])
    assert args.days == [day("2026-08-31"), day("2026-09-30")] and dbt_args == ["--select", "x"]
    for wrong in (
        ["--from", "2026-01-31"],
        ["--from", "2026-03-31", "--to", "2026-01-31"],
        ["--dates", "2026-01-31", "--to", "2026-02-28"],
        ["--from", "2026-02-01", "--to", "2026-02-27"],
    ):
        with pytest.raises(SystemExit):
            backfill.parse_args(wrong)


def test_backfill_is_resumable_and_stops_at_a_failing_date(tmp_path):
    database = tmp_path / "tiny.duckdb"
    generate(database, customers=120, days=200, as_of="2025-06-30", seed=23, bad_rate=0.01)
    log = tmp_path / "backfill.log.jsonl"
    fast = [*FAST, "--target-path", str(tmp_path / "target"), "--log-path", str(tmp_path / "dbt_logs")]

    first = run_backfill(database, log, "--last", "2", "--to", "2025-06-30", "--", *fast)
    assert first.returncode == 0, first.stdout + first.stderr
    assert re.search(r"\[1/2\] 2025-05-31 \.\.\. ok in \d+\.\d s", first.stdout), first.stdout
    assert re.search(r"\[2/2\] 2025-06-30 \.\.\. ok in \d+\.\d s", first.stdout), first.stdout
    entries = log_lines(log)
    assert [(e["date"], e["status"], e["returncode"]) for e in entries] == [
        ("2025-05-31", "ok", 0),
        ("2025-06-30", "ok", 0),
    ]
    assert all(e["seconds"] > 0 for e in entries)
    with duckdb.connect(str(database), read_only=True) as con:
        dates = con.execute("select distinct as_of_date from marts.fct_customer_segments order by 1").fetchall()
        pairs = con.execute("""select distinct from_as_of_date, to_as_of_date
                               from marts.mart_segment_migration""").fetchall()
    assert [str(d) for (d,) in dates] == ["2025-05-31", "2025-06-30"]
    assert [(str(a), str(b)) for a, b in pairs] == [("2025-05-31", "2025-06-30")]

    # Again: both dates are logged ok, so dbt does not run.
    again = run_backfill(database, log, "--last", "2", "--to", "2025-06-30", "--", *fast)
    assert again.returncode == 0, again.stdout + again.stderr
    assert again.stdout.count("skipped") == 2 and " ok in " not in again.stdout
    assert len(log_lines(log)) == 2

    # A date that fails (here dbt refuses an unknown option) stops the run there.
    failed = run_backfill(
        database,
        log,
        "--dates",
        "2025-05-31",
        "2025-06-30",
        "2025-07-31",
        "2025-08-31",
        "--",
        *fast,
        "--no-such-option",
    )
    assert failed.returncode != 0
    assert "[3/4] 2025-07-31 ... FAILED" in failed.stdout and "[4/4]" not in failed.stdout
    assert "stopped at 2025-07-31" in failed.stderr and str(tmp_path / "dbt_logs" / "dbt.log") in failed.stderr
    entries = log_lines(log)
    assert len(entries) == 3 and entries[-1]["date"] == "2025-07-31"
    assert entries[-1]["status"] == "failed" and entries[-1]["returncode"] == failed.returncode
    # Resuming would skip the two good dates and start at the failed one.
    assert backfill.succeeded(log) == {"2025-05-31", "2025-06-30"}


def test_make_targets_for_the_scheduler_and_the_demo():
    def dry_run(*args: str) -> str:
        return make_dry_run(*args, DBT_DUCKDB_PATH="somewhere/w.duckdb")

    # the night is scripts/nightly.py (tests/pytest/test_nightly.py); AS_OF chooses its date
    assert re.search(r"scripts/nightly\.py\s*$", dry_run("daily"), re.M)
    assert re.search(r"scripts/nightly\.py --as-of 2026-10-31\s*$", dry_run("daily", "AS_OF=2026-10-31"), re.M)
    assert "backfill.py --from 2026-08-31 --to 2026-10-31" in dry_run("backfill", "FROM=2026-08-31", "TO=2026-10-31")
    demo = dry_run("demo", "DEMO_AS_OF=2025-06-30")
    remove, generate_line, backfill_line = (
        demo.index("rm -f somewhere/w.duckdb"),
        demo.index("generate_demo_data.py"),
        demo.index("backfill.py --last 3 --to 2025-06-30"),
    )
    assert remove < generate_line < backfill_line < demo.index("summary.py")
    assert "somewhere/backfill.log.jsonl" in demo[:generate_line]
