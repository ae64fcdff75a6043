"""The same project on DuckDB, PostgreSQL and Spark (make test-engines).

One small generated data set is loaded into each engine (scripts/load_raw.py) and built
for two month-ends with the nightly command; the segment, profitability, metrics and
migration marts must then be identical on all three (money to the cent, scores to
1e-9). On PostgreSQL the BI role is checked over a real connection: it reads the marts
and nothing else, and no personal data reaches it; and the quality gate runs there.
Spark runs as a local PySpark session inside dbt (method: session), with its metastore
and tables in a temporary folder. The PostgreSQL server is a private one, started here
and stopped at the end (scripts/local_engines.py). A developer's run there (--target dev)
must leave production's schemas as they were. Without the optional raw tables
(crm_customer_managers, crm_visits) every engine builds what reads them, with its data
tests, and gives the same work lists, all by branch."""

from __future__ import annotations

import json
import math
import os
import re
import shutil
import socket
import subprocess
import tempfile
from decimal import Decimal
from pathlib import Path

import duckdb
import local_engines
import psycopg2
import pytest
import quality_gate
import seeds_fingerprint
from demo_data.contract import OPTIONAL_TABLES
from generate_demo_data import CONTRACT

from conftest import BIN, PROJECT_DIR, generate

# Other seed, size and dates than the demo and the other fixtures.
DATA = {"customers": 160, "days": 100, "as_of": "2025-11-30", "seed": 23, "bad_rate": 0.01}
DATES = ["2025-10-31", "2025-11-30"]
NIGHTLY = ["build", "--exclude-resource-type", "unit_test"]
BI_ROLE = "bi_reader"

# Mart -> its key columns.
PARITY_MARTS = {
    "fct_customer_segments": ["as_of_date", "customer_id"],
    "fct_prospect_segments": ["as_of_date", "prospect_id"],
    "fct_customer_profitability": ["as_of_date", "customer_id"],
    "fct_customer_metrics": ["as_of_date", "customer_id"],
    "mart_segment_summary": ["as_of_date", "population", "region_code", "market_class", "tier_code", "segment_code"],
    "mart_segment_migration": ["from_as_of_date", "to_as_of_date", "from_segment_code", "to_segment_code"],
    "mart_seed_versions": ["as_of_date", "seed_name"],
    "fct_customer_explanations": ["as_of_date", "population", "customer_id"],
    "mart_manager_actions": ["as_of_date", "action_id"],
    "fct_group_summary": ["as_of_date", "group_id"],
    "fct_group_members": ["as_of_date", "group_id", "member_type", "member_id"],
}
# The history marts whose slices record the seeds fingerprint.
FINGERPRINTED = [
    "fct_customer_segments",
    "fct_prospect_segments",
    "fct_customer_profitability",
    "fct_customer_metrics",
    "mart_segment_summary",
    "mart_seed_versions",
    "fct_customer_explanations",
    "mart_manager_actions",
    "fct_group_summary",
    "fct_group_members",
]
ENGINES = ["duckdb", "postgres", "spark"]
# (column type, CSV field): seed values whose text an engine could write its own way;
# decimals below 1e-6 are where Spark's cast to text turns scientific (0E-8).
VALUE_CASES = [
    ("decimal(24,8)", "0"),
    ("decimal(24,8)", "0.00000001"),
    ("decimal(24,8)", "0.0000001"),
    ("decimal(24,8)", "-0.00000001"),
    ("decimal(24,8)", "0.000001"),
    ("decimal(24,8)", "1000000.0"),
    ("decimal(24,8)", "-0.5"),
    ("decimal(24,8)", "123456789012345.12345678"),
    ("decimal(24,8)", ""),
    ("decimal(9,6)", "0"),
    ("decimal(9,6)", "0.0000005"),
    ("decimal(5,2)", "100"),
    ("decimal(20,2)", "99999999999.99"),
    ("decimal(18,0)", "10000000"),
    ("integer", "-5"),
    ("integer", "0"),
    ("boolean", "true"),
    ("boolean", "false"),
    ("date", "2026-01-31"),
    ("varchar(20)", " a b "),
    ("varchar(20)", "中文"),
]
PII_COLUMNS = {"customer_name", "prospect_name", "uscc"}


def run(command: list[str], env: dict, what: str) -> subprocess.CompletedProcess:
    result = subprocess.run(command, cwd=PROJECT_DIR, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise AssertionError(f"{what} failed:\n{result.stdout[-6000:]}\n{result.stderr[-3000:]}")
    return result


def dbt(
    env: dict, target: str, folder: Path, *args: str, day: str | None = None, check: bool = True
) -> subprocess.CompletedProcess:
    command = [
        str(BIN / "dbt"),
        *args,
        "--target",
        target,
        "--target-path",
        str(folder / "target"),
        "--log-path",
        str(folder / "logs"),
        "--no-use-colors",
    ]
    if day:
        command += ["--vars", f"{{as_of_date: '{day}'}}"]
    if not check:
        return subprocess.run(command, cwd=PROJECT_DIR, env=env, capture_output=True, text=True)
    return run(command, env, f"dbt {' '.join(args)} --target {target} {day or ''}")


def nightly(env: dict, target: str, folder: Path) -> None:
    """The scheduler's command for each date, oldest first."""
    for day in DATES:
        dbt(env, target, folder, *NIGHTLY, day=day)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def raw_data(tmp_path_factory) -> Path:
    database = tmp_path_factory.mktemp("engines_raw") / "source.duckdb"
    generate(database, **DATA)
    return database


@pytest.fixture(scope="module")
def duckdb_marts(raw_data, tmp_path_factory) -> dict:
    folder = tmp_path_factory.mktemp("engine_duckdb")
    database = folder / "warehouse.duckdb"
    shutil.copy(raw_data, database)
    env = dict(os.environ, DBT_PROFILES_DIR=str(PROJECT_DIR), DBT_DUCKDB_PATH=str(database))
    nightly(env, "duckdb", folder)
    with duckdb.connect(str(database), read_only=True) as con:
        marts = {mart: read(con, f"select * from marts.{mart}") for mart in PARITY_MARTS}
    return {**marts, "database": database}


@pytest.fixture(scope="module")
def postgres_folder(tmp_path_factory) -> Path:
    """Where the PostgreSQL build keeps its target (its manifest: production's state)."""
    return tmp_path_factory.mktemp("engine_postgres")


@pytest.fixture(scope="module")
def postgres(raw_data, postgres_folder):
    """A private PostgreSQL server with the project built on it: its dbt settings."""
    folder = postgres_folder
    # the server runs as user postgres, which cannot enter pytest's private temporary folders
    server = Path(tempfile.mkdtemp(prefix="corp_tiering_pg_"))
    settings = local_engines.start_postgres(server, free_port())
    env = dict(os.environ, DBT_PROFILES_DIR=str(PROJECT_DIR), **settings)
    try:
        with superuser(settings) as con, con.cursor() as cur:
            cur.execute(f"create role {BI_ROLE} login password 'bi-test'")
        run(
            [str(BIN / "python"), "scripts/load_raw.py", "--target", "postgres", "--from-duckdb", str(raw_data)],
            env,
            "load_raw.py --target postgres",
        )
        nightly(env, "postgres", folder)
        yield settings
    finally:
        local_engines.stop_postgres(server)
        shutil.rmtree(server, ignore_errors=True)


def superuser(settings: dict):
    con = psycopg2.connect(
        host=settings["DBT_PG_HOST"],
        port=settings["DBT_PG_PORT"],
        user=settings["DBT_PG_USER"],
        dbname=settings["DBT_PG_DBNAME"],
    )
    con.autocommit = True
    return con


@pytest.fixture(scope="module")
def spark_marts(raw_data, tmp_path_factory) -> dict:
    """The project built on a local Spark session; its marts read from their parquet files."""
    local_engines.ensure_java()
    folder = tmp_path_factory.mktemp("engine_spark")
    home = folder / "spark"
    (home / "tmp").mkdir(parents=True)
    env = dict(
        os.environ,
        DBT_PROFILES_DIR=str(PROJECT_DIR),
        DBT_SPARK_HOME=str(home),
        DBT_SPARK_LOCAL_DIR=str(home / "tmp"),
        DBT_SPARK_SHUFFLE_PARTITIONS="2",
        DBT_SPARK_DRIVER_MEMORY="2g",
    )
    run(
        [str(BIN / "python"), "scripts/load_raw.py", "--target", "spark", "--from-duckdb", str(raw_data)],
        env,
        "load_raw.py --target spark",
    )
    # Spark runs every statement through its scheduler (a build of this data set with all
    # ~770 data tests takes over 6 minutes): here the models for each date, then the
    # marts' tests once; `dbt build` itself works the same on Spark.
    dbt(env, "spark", folder, "seed")
    for day in DATES:
        dbt(env, "spark", folder, "run", day=day)
    dbt(
        env,
        "spark",
        folder,
        "test",
        "--select",
        "path:models/marts",
        "--exclude-resource-type",
        "unit_test",
        day=DATES[-1],
    )
    with duckdb.connect() as con:
        marts = {
            mart: read(
                con,
                "select * from read_parquet('{}', hive_partitioning = true)".format(
                    parquet_glob(home / "warehouse" / "marts.db" / mart)
                ),
            )
            for mart in PARITY_MARTS
        }
    return {"marts": marts, "env": env, "folder": folder}


def parquet_glob(table: Path) -> str:
    assert table.is_dir(), f"Spark wrote no table at {table}"
    nested = any(child.is_dir() for child in table.iterdir())
    return str(table / ("*/*.parquet" if nested else "*.parquet"))


def read(con, sql: str) -> list[dict]:
    cursor = con.cursor()
    cursor.execute(sql)
    names = [d[0].lower() for d in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]


def same(a, b) -> bool:
    if a is None or b is None:
        return a is None and b is None
    if isinstance(a, (float, Decimal)) and isinstance(b, (float, Decimal)):
        if isinstance(a, Decimal) and isinstance(b, Decimal):
            return a == b  # money: exact
        return math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=1e-9)
    return str(a) == str(b)


def differences(expected: list[dict], got: list[dict], key: list[str]) -> list[str]:
    """Where `got` differs from `expected`, row by key and column by column."""
    index = lambda rows: {tuple(str(r[k]) for k in key): r for r in rows}  # noqa: E731
    left, right = index(expected), index(got)
    problems = [f"rows only on DuckDB: {sorted(left.keys() - right.keys())[:3]}"] if left.keys() - right.keys() else []
    if right.keys() - left.keys():
        problems.append(f"rows only on the other engine: {sorted(right.keys() - left.keys())[:3]}")
    for row_key in sorted(left.keys() & right.keys()):
        for column, value in left[row_key].items():
            if column == "invocation_id":  # which run wrote the row: differs by construction
                continue
            if column not in right[row_key]:
                problems.append(f"column {column} missing")
                return problems
            if not same(value, right[row_key][column]):
                problems.append(f"{row_key} {column}: DuckDB {value!r} vs {right[row_key][column]!r}")
    return problems


def test_the_marts_have_content_for_both_dates(duckdb_marts):
    dates = {str(r["as_of_date"]) for r in duckdb_marts["fct_customer_segments"]}
    assert dates == set(DATES)
    assert any(r["from_segment_code"] != r["to_segment_code"] for r in duckdb_marts["mart_segment_migration"])
    assert any(r["profit_contribution"] != 0 for r in duckdb_marts["fct_customer_profitability"])


@pytest.mark.parametrize("mart", PARITY_MARTS)
def test_postgres_marts_equal_duckdb(duckdb_marts, postgres, mart):
    with superuser(postgres) as con:
        rows = read(con, f"select * from marts.{mart}")
    assert len(rows) == len(duckdb_marts[mart])
    problems = differences(duckdb_marts[mart], rows, PARITY_MARTS[mart])
    assert not problems, f"{mart} on PostgreSQL differs from DuckDB:\n" + "\n".join(problems[:20])


@pytest.mark.parametrize("mart", PARITY_MARTS)
def test_spark_marts_equal_duckdb(duckdb_marts, spark_marts, mart):
    rows = spark_marts["marts"][mart]
    assert len(rows) == len(duckdb_marts[mart])
    problems = differences(duckdb_marts[mart], rows, PARITY_MARTS[mart])
    assert not problems, f"{mart} on Spark differs from DuckDB:\n" + "\n".join(problems[:20])


def engine_marts(engine: str, request) -> dict[str, list[dict]]:
    """The parity marts' rows as `engine` built them."""
    if engine == "duckdb":
        return request.getfixturevalue("duckdb_marts")
    if engine == "spark":
        return request.getfixturevalue("spark_marts")["marts"]
    with superuser(request.getfixturevalue("postgres")) as con:
        return {mart: read(con, f"select * from marts.{mart}") for mart in PARITY_MARTS}


def show(engine: str, request, folder: Path, sql: str) -> list[dict]:
    """`dbt show --inline sql` on `engine`'s warehouse: its rows."""
    if engine == "duckdb":
        database = request.getfixturevalue("duckdb_marts")["database"]
        env = dict(os.environ, DBT_PROFILES_DIR=str(PROJECT_DIR), DBT_DUCKDB_PATH=str(database))
    elif engine == "postgres":
        env = dict(os.environ, DBT_PROFILES_DIR=str(PROJECT_DIR), **request.getfixturevalue("postgres"))
    else:
        spark = request.getfixturevalue("spark_marts")
        env, folder = spark["env"], spark["folder"]
    result = dbt(env, engine, folder, "show", "--inline", sql, "--limit", "1000", "--output", "json", "--quiet")
    start = re.search(r'^\{\s*"show"', result.stdout, re.MULTILINE)
    assert start, result.stdout[-3000:]
    return json.loads(result.stdout[start.start() :])["show"]


@pytest.mark.parametrize("engine", ENGINES)
def test_seeds_fingerprint_is_the_one_of_the_seed_files(engine, request):
    """Every slice of every history mart records the fingerprint that
    scripts/seeds_fingerprint.py computes from the seed files, and mart_seed_versions each
    seed's hash as it computes it: the same values on every engine."""
    hashes = seeds_fingerprint.seed_hashes(lambda path: (PROJECT_DIR / path).read_text(encoding="utf-8"))
    expected = seeds_fingerprint.fingerprint(hashes)
    marts = engine_marts(engine, request)
    for mart in FINGERPRINTED:
        assert marts[mart], mart
        assert {row["seeds_fingerprint"] for row in marts[mart]} == {expected}, f"{mart} on {engine}"
    versions = marts["mart_seed_versions"]
    assert {str(row["as_of_date"]) for row in versions} == set(DATES)
    for day in DATES:
        got = {row["seed_name"]: row["seed_hash"] for row in versions if str(row["as_of_date"]) == day}
        assert got == hashes, f"seed hashes of {day} on {engine}"


@pytest.mark.parametrize("engine", ENGINES)
def test_seed_value_text_is_the_same_on_every_engine(engine, request, tmp_path):
    """The macro seed_value_text, whose md5 the seed hashes are built of, writes each value
    as scripts/seeds_fingerprint.py does: decimals in plain digits with their scale."""
    selects = []
    for number, (data_type, raw) in enumerate(VALUE_CASES):
        value = "null" if raw == "" else f"'{raw}'"
        selects.append(
            f"select {number} as n, "
            f"{{{{ seed_value_text(\"cast({value} as {data_type})\", '{data_type}') }}}} as value_text"
        )
    rows = show(engine, request, tmp_path, "\nunion all\n".join(selects))
    got = {int(row["n"]): row["value_text"] for row in rows}
    expected = {n: seeds_fingerprint.value_text(raw, data_type) for n, (data_type, raw) in enumerate(VALUE_CASES)}
    wrong = {VALUE_CASES[n]: (got.get(n), text) for n, text in expected.items() if got.get(n) != text}
    assert not wrong, f"{engine} (got, expected): {wrong}"


def test_bi_reader_reads_the_marts_and_nothing_else(postgres):
    with superuser(postgres) as con, con.cursor() as cur:
        cur.execute("""select table_schema, table_name from information_schema.tables
                       where table_schema in ('raw', 'staging', 'intermediate', 'marts', 'seeds', 'snapshots',
                                              'quality')""")
        relations = cur.fetchall()
    marts = [name for schema, name in relations if schema == "marts"]
    others = [(schema, name) for schema, name in relations if schema != "marts"]
    assert len(marts) >= len(PARITY_MARTS) + 2 and {s for s, _ in others} >= {"raw", "staging", "intermediate", "seeds"}
    bi = psycopg2.connect(
        host=postgres["DBT_PG_HOST"],
        port=postgres["DBT_PG_PORT"],
        user=BI_ROLE,
        password="bi-test",
        dbname=postgres["DBT_PG_DBNAME"],
    )
    bi.autocommit = True
    try:
        with bi.cursor() as cur:
            for name in marts:
                cur.execute(f'select count(*) from marts."{name}"')
                assert cur.fetchone()[0] >= 0
            for schema, name in others:
                with pytest.raises(psycopg2.errors.InsufficientPrivilege):
                    cur.execute(f'select 1 from "{schema}"."{name}" limit 1')
            with pytest.raises(psycopg2.errors.InsufficientPrivilege):
                cur.execute("create table marts.bi_scribble (x int)")
    finally:
        bi.close()


def test_no_personal_data_reaches_the_marts(postgres):
    with superuser(postgres) as con, con.cursor() as cur:
        cur.execute("""select table_name, column_name, data_type from information_schema.columns
                       where table_schema = 'marts'""")
        columns = cur.fetchall()
        assert not {c for _, c, _ in columns} & PII_COLUMNS
        cur.execute("""select trim(customer_name) from raw.ecif_customers where length(trim(customer_name)) > 1
                       union select trim(uscc) from raw.ecif_customers where length(trim(uscc)) > 1
                       union select trim(prospect_name) from raw.crm_prospects where length(trim(prospect_name)) > 1
                       union select trim(uscc) from raw.crm_prospects where length(trim(uscc)) > 1""")
        personal = {v for (v,) in cur.fetchall()}
        assert len(personal) > DATA["customers"]
        leaks = []
        for table, column, data_type in columns:
            if data_type in ("text", "character varying"):
                cur.execute(f'select distinct "{column}" from marts."{table}" where "{column}" is not null')
                for (value,) in cur.fetchall():
                    if value in personal or any(p in value for p in personal if column == "raw_row"):
                        leaks.append((table, column, value[:60]))
        assert not leaks, leaks[:5]
        # the rejected customer rows still show which row it was, with the name masked
        cur.execute("select raw_row from marts.dq_rejected_rows where source_table = 'ecif_customers'")
        rows = [r for (r,) in cur.fetchall()]
        assert rows and all("customer_name=" in r for r in rows)
        assert any("***" in r for r in rows)


def test_quality_gate_on_postgres_judges_as_on_duckdb(duckdb_marts, postgres, tmp_path):
    """The same data gives the same verdict, expectation by expectation, with the same
    observed values, whichever engine the gate reads."""
    url = "postgresql://{DBT_PG_USER}@{DBT_PG_HOST}:{DBT_PG_PORT}/{DBT_PG_DBNAME}".format(**postgres)
    on_postgres = quality_gate.run_gate(url, docs_dir=tmp_path / "pg_docs", record=True)
    on_duckdb = quality_gate.run_gate(str(duckdb_marts["database"]), docs_dir=tmp_path / "duckdb_docs", record=False)
    assert str(on_postgres.as_of) == DATES[-1] and str(on_postgres.previous_as_of) == DATES[0]
    assert len(on_postgres.outcomes) >= 40
    verdicts = lambda result: [(o.name, o.success, o.observed) for o in result.outcomes]  # noqa: E731
    assert verdicts(on_postgres) == verdicts(on_duckdb)
    assert (tmp_path / "pg_docs" / "index.html").exists()
    with superuser(postgres) as con, con.cursor() as cur:
        # one row a raw table of the contract (the generator fills the optional ones too)
        cur.execute("select count(*) from quality.raw_row_counts")
        assert cur.fetchone()[0] == len(CONTRACT)


def test_descriptions_reach_postgres(postgres):
    """persist_docs: every mart and every mart column carries its description as a comment."""
    with superuser(postgres) as con, con.cursor() as cur:
        cur.execute("""select c.relname, obj_description(c.oid, 'pg_class') from pg_class as c
                       join pg_namespace as n on n.oid = c.relnamespace
                       where n.nspname = 'marts' and c.relkind = 'r'""")
        tables = dict(cur.fetchall())
        cur.execute("""select table_name, column_name,
                              col_description(format('marts.%I', table_name)::regclass, ordinal_position::int)
                       from information_schema.columns where table_schema = 'marts'""")
        columns = cur.fetchall()
    assert len(tables) >= len(PARITY_MARTS) + 2
    assert all(comment and "中文" in comment for comment in tables.values()), tables
    assert all(comment and "中文" in comment for _, _, comment in columns), [c[:2] for c in columns if not c[2]][:5]


def production_state(settings: dict, schemas: tuple[str, ...]) -> dict:
    """Every table of `schemas`: its oid (a rebuilt table gets a new one), rows and an
    order-free hash of its rows; and the helper function's oid."""
    state = {}
    with superuser(settings) as con, con.cursor() as cur:
        cur.execute(
            """select n.nspname, c.relname, c.oid from pg_class as c
                       join pg_namespace as n on n.oid = c.relnamespace
                       where n.nspname = any(%s) and c.relkind in ('r', 'v', 'p')""",
            [list(schemas)],
        )
        for schema, name, oid in cur.fetchall():
            cur.execute(
                "select count(*), md5(coalesce(string_agg(md5(t::text), '' order by md5(t::text)), '')) "
                f'from "{schema}"."{name}" as t'
            )
            state[f"{schema}.{name}"] = (oid, *cur.fetchone())
        cur.execute(
            "select p.oid from pg_proc as p join pg_namespace as n on n.oid = p.pronamespace "
            "where p.proname = 'corp_tiering_try_cast' and n.nspname = 'public'"
        )
        state["function"] = sorted(cur.fetchall())
    return state


def test_a_dev_run_on_postgres_leaves_production_untouched(postgres, tmp_path):
    """--target dev (README "Environments") writes dev_staging, dev_marts, ... and reads raw:
    production's schemas keep the same tables (same oids), rows and values, and BI cannot
    read the developer's marts."""
    production = ("raw", "staging", "intermediate", "marts", "seeds", "snapshots")
    before = production_state(postgres, production)
    assert len([k for k in before if k.startswith("marts.")]) >= len(PARITY_MARTS) + 2
    env = dict(os.environ, DBT_PROFILES_DIR=str(PROJECT_DIR), DBT_WAREHOUSE_ENGINE="postgres", **postgres)
    dbt(env, "dev", tmp_path, "build", "--selector", "nightly", day=DATES[-1])
    assert production_state(postgres, production) == before
    with superuser(postgres) as con, con.cursor() as cur:
        cur.execute("select table_name from information_schema.tables where table_schema = 'marts'")
        marts = {name for (name,) in cur.fetchall()}
        cur.execute("select table_name from information_schema.tables where table_schema = 'dev_marts'")
        assert {name for (name,) in cur.fetchall()} == marts
        cur.execute("select nspname from pg_namespace where nspname like 'dev%'")
        assert {name for (name,) in cur.fetchall()} >= {
            "dev",
            "dev_staging",
            "dev_intermediate",
            "dev_marts",
            "dev_seeds",
            "dev_snapshots",
        }
        for mart in ("fct_customer_segments", "fct_customer_profitability"):
            counts = []
            for schema in ("marts", "dev_marts"):
                cur.execute(f"select count(*) from {schema}.{mart} where as_of_date = %s", [DATES[-1]])
                counts.append(cur.fetchone()[0])
            assert counts[0] == counts[1] > 0, (mart, counts)
    bi = psycopg2.connect(
        host=postgres["DBT_PG_HOST"],
        port=postgres["DBT_PG_PORT"],
        user=BI_ROLE,
        password="bi-test",
        dbname=postgres["DBT_PG_DBNAME"],
    )
    bi.autocommit = True
    try:
        with bi.cursor() as cur, pytest.raises(psycopg2.errors.InsufficientPrivilege):
            cur.execute("select 1 from dev_marts.fct_customer_segments limit 1")
    finally:
        bi.close()


def test_spark_append_duplicates_are_caught_by_the_composite_key_test(spark_marts):
    """dbt-spark's default strategy, append, ignores unique_key: re-running a date adds its
    rows again. The history mart's composite-key test must fail then (it passed above)."""
    env, folder, day = spark_marts["env"], spark_marts["folder"], DATES[-1]
    dbt(
        env,
        "spark",
        folder,
        "run",
        "--select",
        "fct_customer_profitability",
        "--vars",
        f"{{as_of_date: '{day}', spark_incremental_strategy: append}}",
    )
    result = dbt(
        env,
        "spark",
        folder,
        "test",
        "--select",
        "fct_customer_profitability,test_name:unique_combination_of_columns",
        day=day,
        check=False,
    )
    assert result.returncode != 0, result.stdout[-3000:]
    assert "FAIL" in result.stdout and "unique_combination_of_columns_fct_customer_profitability" in result.stdout
    # insert_overwrite (the project's Spark strategy) puts the slice right again
    dbt(env, "spark", folder, "run", "--select", "fct_customer_profitability", day=day)
    dbt(
        env,
        "spark",
        folder,
        "test",
        "--select",
        "fct_customer_profitability,test_name:unique_combination_of_columns",
        day=day,
    )


@pytest.fixture(scope="module")
def raw_without_optional(raw_data, tmp_path_factory) -> Path:
    """The same raw data without the optional raw tables (docs/raw_data_contract.md)."""
    database = tmp_path_factory.mktemp("engines_raw_without_optional") / "source.duckdb"
    shutil.copy(raw_data, database)
    with duckdb.connect(str(database)) as con:
        for table in sorted(OPTIONAL_TABLES):
            con.execute(f"drop table raw.{table}")
    return database


def lists_without_optional(engine: str, request, raw: Path, folder: Path) -> list[dict]:
    """On `engine`, the raw data without the optional tables loaded into schema raw_core,
    then, on a developer's target (schemas core_*), everything that reads those tables
    built with its data tests, the rest deferred to the production build: the work
    lists of the last date."""
    if engine == "duckdb":
        production = request.getfixturevalue("duckdb_marts")
        env = dict(os.environ, DBT_PROFILES_DIR=str(PROJECT_DIR), DBT_DUCKDB_PATH=str(production["database"]))
        state = production["database"].parent / "target"
    elif engine == "postgres":
        env = dict(os.environ, DBT_PROFILES_DIR=str(PROJECT_DIR), **request.getfixturevalue("postgres"))
        state = request.getfixturevalue("postgres_folder") / "target"
    else:
        spark = request.getfixturevalue("spark_marts")
        env, state = spark["env"], spark["folder"] / "target"
    env = dict(env, DBT_WAREHOUSE_ENGINE=engine, DBT_SCHEMA_PREFIX="core")
    load = [
        str(BIN / "python"),
        "scripts/load_raw.py",
        "--target",
        engine,
        "--from-duckdb",
        str(raw),
        "--schema",
        "raw_core",
    ]
    run(load, env, f"load_raw.py --target {engine} --schema raw_core")
    readers = [f"base_{table.replace('_', '__', 1)}+" for table in sorted(OPTIONAL_TABLES)]
    sources = [f"source:{table.split('_', 1)[0]}.{table}" for table in sorted(OPTIONAL_TABLES)]
    dbt(
        env, "dev", folder, "build", "--select", *readers, *sources, "--exclude-resource-type", "unit_test",
        "--defer", "--state", str(state), "--vars", f"{{as_of_date: '{DATES[-1]}', raw_schema: raw_core}}",
    )  # fmt: skip
    if engine == "spark":
        with duckdb.connect() as con:
            glob = parquet_glob(Path(env["DBT_SPARK_HOME"]) / "warehouse" / "core_marts.db" / "mart_manager_actions")
            return read(con, f"select * from read_parquet('{glob}', hive_partitioning = true)")
    if engine == "postgres":
        with superuser(request.getfixturevalue("postgres")) as con:
            return read(con, "select * from core_marts.mart_manager_actions")
    with duckdb.connect(str(production["database"]), read_only=True) as con:
        return read(con, "select * from core_marts.mart_manager_actions")


@pytest.fixture(scope="module")
def duckdb_lists_without_optional(raw_without_optional, request, tmp_path_factory) -> list[dict]:
    return lists_without_optional("duckdb", request, raw_without_optional, tmp_path_factory.mktemp("core_duckdb"))


def test_without_the_optional_tables_duckdb_lists_group_by_branch(duckdb_lists_without_optional):
    """docs/segmentation_rules.md §15.1-15.2: without crm_customer_managers every action is
    the branch's; without crm_visits no visit-based action is listed."""
    rows = duckdb_lists_without_optional
    assert rows and {str(r["as_of_date"]) for r in rows} == {DATES[-1]}
    assert all(r["manager_id"] is None and r["branch_id"] is not None for r in rows)
    assert not {r["action_code"] for r in rows} & {"visit_overdue", "prospect_follow_up"}


@pytest.mark.parametrize("engine", ["postgres", "spark"])
def test_without_the_optional_tables_every_engine_builds_the_same_lists(
    engine, request, raw_without_optional, duckdb_lists_without_optional, tmp_path
):
    rows = lists_without_optional(engine, request, raw_without_optional, tmp_path)
    assert len(rows) == len(duckdb_lists_without_optional)
    problems = differences(duckdb_lists_without_optional, rows, PARITY_MARTS["mart_manager_actions"])
    assert not problems, f"mart_manager_actions without the optional tables on {engine}:\n" + "\n".join(problems[:20])
