"""The published copy for readers (scripts/publish.py) and the generator's swap of the raw
tables: what BI reads holds the marts alone, is replaced whole, survives a kill -9 of the
publish, of the build and of the generator, and never mixes two nights."""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import random
import re
import shutil
import signal
import subprocess
import time
from pathlib import Path

import duckdb
import publish as publish_script
import pytest
from fingerprint import fingerprint
from generate_demo_data import CONTRACT

from conftest import BIN, PROJECT_DIR, generate, run_report

DATA = {"customers": 300, "days": 120, "as_of": "2026-03-31", "seed": 23, "bad_rate": 0.01}
DATES = [dt.date(2026, 2, 28), dt.date(2026, 3, 31)]
# The history marts publish checks (test_interfaces compares them with the manifest's).
HISTORY = list(publish_script.HISTORY_MARTS)
MODELS_ONLY = ["--exclude", "resource_type:test", "resource_type:unit_test"]
PUBLISH = PROJECT_DIR / "scripts" / "publish.py"
GENERATOR = PROJECT_DIR / "scripts" / "generate_demo_data.py"


def env_for(database: Path) -> dict:
    return dict(os.environ, DBT_DUCKDB_PATH=str(database), DBT_PROFILES_DIR=str(PROJECT_DIR))


def dbt_command(database: Path, folder: Path, *args: str) -> list[str]:
    return [
        str(BIN / "dbt"),
        *args,
        "--no-use-colors",
        "--target-path",
        str(folder / "target"),
        "--log-path",
        str(folder / "logs"),
    ]


def build(database: Path, folder: Path, as_of: dt.date) -> None:
    """dbt build of `as_of`, models only, its target and logs in `folder`."""
    result = subprocess.run(
        dbt_command(database, folder, "build", "--vars", f"{{as_of_date: '{as_of}'}}", *MODELS_ONLY),
        cwd=PROJECT_DIR,
        env=env_for(database),
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout[-5000:] + result.stderr[-2000:]


def publish(database: Path, output: Path, check: bool = True) -> subprocess.CompletedProcess:
    result = subprocess.run(
        [str(BIN / "python"), str(PUBLISH), "--database", str(database), "--output", str(output)],
        cwd=PROJECT_DIR,
        capture_output=True,
        text=True,
        timeout=120,
    )
    if check:
        assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return result


def published_dates(output: Path) -> list[dt.date]:
    with duckdb.connect(str(output), read_only=True) as con:
        return [row[0] for row in con.execute("select as_of_date from main.publication order by 1").fetchall()]


def drop_date(database: Path, day: dt.date, tables: list[str], migration: bool) -> None:
    """Delete `day` from the given history marts (and, with `migration`, its pairs)."""
    with duckdb.connect(str(database)) as con:
        for table in tables:
            con.execute(f"delete from marts.{table} where as_of_date = ?", [day])
        if migration:
            con.execute("delete from marts.mart_segment_migration where ? in (from_as_of_date, to_as_of_date)", [day])


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory) -> Path:
    """Two month-ends built with dbt, models only (its semantic manifest in target/)."""
    folder = tmp_path_factory.mktemp("publish")
    database = folder / "warehouse.duckdb"
    generate(database, **DATA)
    for day in DATES:
        build(database, folder, day)
    return database


@pytest.fixture(scope="module")
def nights(warehouse, tmp_path_factory) -> tuple[Path, Path]:
    """(previous night, new night): the new one is the warehouse; the previous one the same
    without its latest date, as it stood the night before."""
    folder = tmp_path_factory.mktemp("nights")
    previous = folder / "previous.duckdb"
    shutil.copy(warehouse, previous)
    drop_date(previous, DATES[-1], HISTORY, migration=True)
    return previous, warehouse


def copy_of(database: Path, folder: Path, name: str) -> Path:
    target = folder / name
    shutil.copy(database, target)
    return target


# ------------------------------------------------------------------ only the marts


def test_publish_writes_the_marts_and_nothing_else(warehouse, tmp_path):
    output = tmp_path / "bi" / "corp_tiering_bi.duckdb"
    result = publish(warehouse, output)
    assert "2026-03-31" in result.stdout
    with duckdb.connect(str(warehouse), read_only=True) as con:
        marts = {
            row[0]
            for row in con.execute(
                "select table_name from information_schema.tables where table_schema = 'marts'"
            ).fetchall()
        }
        people = {
            row[0]
            for row in con.execute(
                "select customer_name from raw.ecif_customers union select uscc from raw.ecif_customers "
                "union select prospect_name from raw.crm_prospects union select uscc from raw.crm_prospects"
            ).fetchall()
            if row[0]
        }
    with duckdb.connect(str(output), read_only=True) as con:
        relations = set(con.execute("select table_schema, table_name from information_schema.tables").fetchall())
        assert relations == {("marts", t) for t in marts} | {("main", "publication")}
        assert {
            row[0]
            for row in con.execute(
                "select schema_name from information_schema.schemata where catalog_name = current_database()"
            ).fetchall()
        } <= {"main", "marts"}
        columns = con.execute(
            "select table_schema, table_name, column_name, data_type from information_schema.columns"
        ).fetchall()
        # customers' and prospects' names stay in the warehouse; a relationship manager's name
        # (the bank's own staff, whom the work lists address) is published with the lists
        assert not [
            c
            for c in columns
            # names from the seeds (reference lists kept with the project) are not customers' names either
            if (
                "name" in c[2] and c[2] not in {"region_name", "branch_name", "seed_name", "group_name", "manager_name"}
            )
            or "uscc" in c[2]
        ], "a name or USCC column reached the published file"
        # no raw name or USCC value anywhere in a text column of the published file
        con.execute("create temp table people as select unnest(?) as value", [sorted(people)])
        for schema, table, column, _ in [c for c in columns if c[3] == "VARCHAR"]:
            found = con.execute(
                f'select count(*) from "{schema}"."{table}" as t inner join people '
                f'on position(people.value in t."{column}") > 0'
            ).fetchone()[0]
            assert found == 0, f"{schema}.{table}.{column} holds a raw name or USCC"
        publication = con.execute(
            "select as_of_date, customers, published_at from main.publication order by 1"
        ).fetchall()
    assert [row[0] for row in publication] == DATES
    with duckdb.connect(str(warehouse), read_only=True) as con:
        customers = dict(
            con.execute("select as_of_date, count(*) from marts.fct_customer_segments group by 1").fetchall()
        )
    assert [row[1] for row in publication] == [customers[d] for d in DATES]
    assert all(abs((dt.datetime.utcnow() - row[2]).total_seconds()) < 600 for row in publication)
    assert fingerprint(output) == fingerprint(warehouse)
    assert sorted(p.name for p in output.parent.iterdir()) == [".corp_tiering_bi.duckdb.lock", "corp_tiering_bi.duckdb"]


# ------------------------------------------------------------------ readers

READER = """
import sys, duckdb
path, mode = sys.argv[1], sys.argv[2]
con = duckdb.connect(path, read_only=mode == "read_only")
if mode == "writes":
    con.execute("create table main.scribble as select 1 as x")
def dates():
    return ",".join(str(r[0]) for r in con.execute(
        "select distinct as_of_date from marts.fct_customer_segments order by 1").fetchall())
print(dates(), flush=True)
sys.stdin.readline()
print(dates(), flush=True)
sys.stdin.readline()
"""


def read_dates(output: Path) -> str:
    result = subprocess.run(
        [str(BIN / "python"), "-c", READER, str(output), "read_only"],
        input="\n\n",
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout.splitlines()[0]


@pytest.mark.parametrize("mode", ["read_only", "read_write", "writes"])
def test_a_reader_holding_the_file_keeps_the_old_night_and_the_next_sees_the_new(nights, tmp_path, mode):
    previous, new = nights
    output = tmp_path / "corp_tiering_bi.duckdb"
    publish(previous, output)
    old_text, new_text = str(DATES[0]), ",".join(map(str, DATES))
    reader = subprocess.Popen(
        [str(BIN / "python"), "-c", READER, str(output), mode],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert reader.stdout.readline().strip() == old_text
        started = time.perf_counter()
        publish(new, output)  # does not wait for the reader (a 120 s timeout would fail it)
        assert time.perf_counter() - started < 60
        reader.stdin.write("\n")
        reader.stdin.flush()
        assert reader.stdout.readline().strip() == old_text, "the holder's view changed under it"
        assert read_dates(output) == new_text
        assert fingerprint(output) == fingerprint(new)
    finally:
        reader.stdin.write("\n")
        reader.stdin.flush()
        reader.wait(timeout=60)
    assert reader.returncode == 0, reader.stderr.read()
    assert read_dates(output) == new_text


# ------------------------------------------------------------------ the semantic layer


def test_the_semantic_layer_reads_the_published_file_read_only(warehouse, nights, tmp_path):
    """`DBT_TARGET=bi mf query` reads BI_DUCKDB_PATH (read-only), even while a build holds the
    warehouse: it sees the published night, not the warehouse's."""
    previous, _ = nights
    output = tmp_path / "corp_tiering_bi.duckdb"
    publish(previous, output)
    project = tmp_path / "project"
    (project / "target").mkdir(parents=True)
    for entry in ("dbt_project.yml", "profiles.yml", "models", "macros", "seeds", "snapshots", "analyses", "tests"):
        (project / entry).symlink_to(PROJECT_DIR / entry)
    shutil.copy(warehouse.parent / "target" / "semantic_manifest.json", project / "target")
    holder = subprocess.Popen(
        [str(BIN / "python"), "-c", READER, str(warehouse), "read_write"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == ",".join(map(str, DATES))
        env = dict(
            os.environ,
            DBT_PROFILES_DIR=str(project),
            DBT_TARGET="bi",
            DBT_DUCKDB_PATH=str(warehouse),
            BI_DUCKDB_PATH=str(output),
        )
        out = tmp_path / "customers.csv"
        result = subprocess.run(
            [
                str(BIN / "mf"),
                "query",
                "--metrics",
                "customers",
                "--group-by",
                "metric_time__day",
                "--csv",
                str(out),
                "--quiet",
            ],
            cwd=project,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    finally:
        holder.stdin.write("\n\n")
        holder.stdin.flush()
        holder.wait(timeout=60)
    rows = [line.split(",") for line in out.read_text(encoding="utf-8").splitlines()[1:]]
    with duckdb.connect(str(previous), read_only=True) as con:
        expected = con.execute("select as_of_date, count(*) from marts.fct_customer_segments group by 1").fetchall()
    assert sorted((row[0][:10], int(row[1])) for row in rows) == sorted((str(d), n) for d, n in expected)


# ------------------------------------------------------------------ kill -9 of the publish


def test_a_killed_publish_leaves_the_previous_night(nights, tmp_path):
    previous, new = nights
    output = tmp_path / "corp_tiering_bi.duckdb"
    publish(previous, output)
    before, after = fingerprint(previous), fingerprint(new)
    assert before != after
    rng = random.Random()
    delays = [None] + [rng.uniform(0.05, 1.5) for _ in range(4)]
    for delay in delays:
        process = subprocess.Popen(
            [str(BIN / "python"), str(PUBLISH), "--database", str(new), "--output", str(output)],
            cwd=PROJECT_DIR,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        if delay is None:
            # the moment it writes its copy: poll for the temporary file, then kill
            deadline = time.perf_counter() + 30
            while not list(tmp_path.glob(".corp_tiering_bi.duckdb.publishing-*")):
                assert time.perf_counter() < deadline and process.poll() is None, "no temporary file seen"
                time.sleep(0.002)
        else:
            time.sleep(delay)
        process.send_signal(signal.SIGKILL)
        process.wait()
        # openable, and whole: the previous night, or the new one if the kill came after the rename
        state = fingerprint(output)
        assert state in (before, after), f"a publish killed after {delay} s left a mixed file"
        if delay is None:
            assert state == before
        if state == after:
            publish(previous, output)
    publish(new, output)
    assert fingerprint(output) == after
    assert not list(tmp_path.glob(".corp_tiering_bi.duckdb.publishing-*")), "stale temporary file left"


# ------------------------------------------------------------------ half-built nights refused


@pytest.mark.parametrize(
    "lacking, migration, named",
    [
        # a failing node (e.g. a missing raw table) leaves the new date in profitability,
        # metrics and prospects but not in segments, summary and migration
        (["fct_customer_segments", "mart_segment_summary"], True, "fct_customer_segments"),
        (["fct_prospect_segments"], False, "fct_prospect_segments"),
        ([], True, "mart_segment_migration"),
    ],
)
def test_history_marts_that_disagree_on_dates_are_not_published(nights, tmp_path, lacking, migration, named):
    previous, new = nights
    output = tmp_path / "corp_tiering_bi.duckdb"
    publish(previous, output)
    before = fingerprint(output)
    half = copy_of(new, tmp_path, "half.duckdb")
    drop_date(half, DATES[-1], lacking, migration)
    result = publish(half, output, check=False)
    assert result.returncode == 1, result.stdout + result.stderr
    message = result.stderr
    assert named in message and str(DATES[-1]) in message, message
    assert fingerprint(output) == before
    assert published_dates(output) == DATES[:1]


# ------------------------------------------------------------------ kill -9 of the build


def test_a_build_killed_mid_run_leaves_the_published_night_and_a_rerun_gives_the_same_marts(warehouse, tmp_path):
    """The new night (a new as_of_date) is killed as soon as its first history mart has
    its slice: the published file keeps the previous night, publish refuses the half-built
    warehouse, and a re-run then publish equal an uninterrupted run, value for value."""
    new_day = dt.date(2026, 3, 15)
    output = tmp_path / "corp_tiering_bi.duckdb"
    killed = copy_of(warehouse, tmp_path, "killed.duckdb")
    publish(killed, output)
    published = fingerprint(output)
    command = dbt_command(killed, tmp_path / "killed", "build", "--vars", f"{{as_of_date: '{new_day}'}}", *MODELS_ONLY)
    process = subprocess.Popen(
        command, cwd=PROJECT_DIR, env=env_for(killed), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    seen = []
    for line in process.stdout:
        seen.append(line)
        if "OK created" in line and any(f"marts.{table} " in line for table in HISTORY):
            process.send_signal(signal.SIGKILL)
            break
    process.wait()
    assert process.returncode == -signal.SIGKILL, "".join(seen[-40:])
    assert fingerprint(output) == published
    with duckdb.connect(str(killed), read_only=True) as con:
        holding = [
            t
            for t in HISTORY
            if con.execute(f"select count(*) from marts.{t} where as_of_date = ?", [new_day]).fetchone()[0]
        ]
    assert holding and "fct_customer_segments" not in holding, holding
    refused = publish(killed, output, check=False)
    assert refused.returncode == 1 and str(new_day) in refused.stderr, refused.stderr
    assert fingerprint(output) == published
    # the re-run, against an uninterrupted run of the same night
    build(killed, tmp_path / "killed", new_day)
    publish(killed, output)
    uninterrupted = copy_of(warehouse, tmp_path, "uninterrupted.duckdb")
    build(uninterrupted, tmp_path / "uninterrupted", new_day)
    reference = tmp_path / "reference_bi.duckdb"
    publish(uninterrupted, reference)
    assert fingerprint(output) == fingerprint(reference)
    assert published_dates(output) == sorted([*DATES, new_day])


# ------------------------------------------------------------------ kill -9 of the generator


def raw_fingerprint(database: Path) -> dict:
    every = fingerprint(database, schema="raw")
    return {table: every[table] for table in CONTRACT}


def test_a_killed_generator_leaves_the_previous_raw_tables_and_a_rerun_gives_the_same_data(tmp_path):
    database = tmp_path / "generated.duckdb"
    small = {"customers": 200, "days": 60, "as_of": "2026-03-31", "bad_rate": 0.01}
    generate(database, seed=31, **small)
    previous = raw_fingerprint(database)
    manifest = (tmp_path / "generated.manifest.json").read_text(encoding="utf-8")
    command = [
        str(BIN / "python"),
        str(GENERATOR),
        "--customers",
        "200",
        "--days",
        "60",
        "--as-of",
        "2026-03-31",
        "--seed",
        "32",
        "--bad-rate",
        "0.01",
        "--database",
        str(database),
        "--manifest",
        str(tmp_path / "generated.manifest.json"),
    ]
    # killed once mid-way through the tables, once while it plants bad rows
    for moment in ("core_transactions", "Planting"):
        process = subprocess.Popen(
            command, cwd=PROJECT_DIR, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
        )
        for line in process.stdout:
            if moment in line:
                process.send_signal(signal.SIGKILL)
                break
        process.wait()
        assert process.returncode == -signal.SIGKILL
        assert raw_fingerprint(database) == previous, f"killed at {moment}: the raw tables changed"
        assert (tmp_path / "generated.manifest.json").read_text(encoding="utf-8") == manifest
    subprocess.run(command + ["--quiet"], cwd=PROJECT_DIR, check=True)
    reference = tmp_path / "reference.duckdb"
    generate(reference, seed=32, **small)
    assert raw_fingerprint(database) == raw_fingerprint(reference)
    assert raw_fingerprint(database) != previous
    with duckdb.connect(str(database), read_only=True) as con:
        left = {
            row[0]
            for row in con.execute("select table_schema || '.' || table_name from information_schema.tables").fetchall()
        }
    assert left == {f"raw.{table}" for table in CONTRACT}


# ------------------------------------------------------------------ the report


def test_the_report_reads_the_published_file_with_its_chinese_labels(warehouse, tmp_path):
    """The published file has no seeds schema: the report takes the Chinese labels from
    the marts' `<column>_zh` columns, as labels.csv gives them."""
    output = tmp_path / "corp_tiering_bi.duckdb"
    publish(warehouse, output)
    page = tmp_path / "report.html"
    result = run_report(output, page)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    with open(PROJECT_DIR / "seeds" / "labels.csv", encoding="utf-8") as handle:
        labels = {(row["code_type"], row["code"]): row["label_zh"] for row in csv.DictReader(handle)}
    with duckdb.connect(str(output), read_only=True) as con:
        segments = {
            row[0]
            for row in con.execute(
                "select distinct segment_code from marts.fct_customer_segments where as_of_date = ?", [DATES[-1]]
            ).fetchall()
        }
    html = page.read_text(encoding="utf-8")
    payload = re.search(r'<script type="application/json" id="report-data">(.*?)</script>', html, re.S).group(1)
    shown = json.loads(payload)["labels"]["segment_code"]
    for code in segments:
        assert shown[code] == labels[("segment_code", code)], code
