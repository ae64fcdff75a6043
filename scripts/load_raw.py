"""Put the raw tables of the raw-data contract into a target engine's raw schema.

The rows come from a DuckDB file (the demo generator's output, schema `raw`) or from a
folder of Parquet files a bank exports, one file (or folder of part files) per raw
table named after it (core_deposit_balances.parquet, ...). Column types travel with
the data: Parquet keeps DATE, DECIMAL(p,s), INTEGER, BOOLEAN and TIMESTAMP.

    python scripts/load_raw.py --target postgres --from-duckdb warehouse/corp_tiering.duckdb
    python scripts/load_raw.py --target spark --from-parquet /exports/2026-10-31/
    python scripts/load_raw.py --target duckdb --from-parquet /exports/2026-10-31/

Each table is replaced whole. Connection settings are the profile's environment
variables (DBT_PG_*, DBT_DUCKDB_PATH); Spark loads through `dbt run-operation`, so it
uses the profile's own session or cluster (and, with a local session, its metastore:
run it from the project folder, as dbt is).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import duckdb

PROJECT_DIR = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def parquet_files(folder: Path) -> dict[str, Path]:
    """Raw table name -> its Parquet file or folder of part files."""
    found = {}
    for path in sorted(folder.iterdir()):
        name = path.name.removesuffix(".parquet")
        if path.suffix == ".parquet" or (path.is_dir() and any(path.glob("*.parquet"))):
            found[name] = path
    if not found:
        raise SystemExit(f"load_raw: no .parquet files or folders in {folder}")
    return found


def export_duckdb(database: Path, schema: str, folder: Path) -> dict[str, Path]:
    """Every table of `schema` in the DuckDB file as one Parquet file in `folder`."""
    with duckdb.connect(str(database), read_only=True) as con:
        tables = [
            row[0]
            for row in con.execute(
                "select table_name from information_schema.tables where table_schema = ? order by 1", [schema]
            ).fetchall()
        ]
        if not tables:
            raise SystemExit(f"load_raw: schema {schema} of {database} holds no table")
        for table in tables:
            con.execute(f"copy {schema}.{table} to '{folder / (table + '.parquet')}' (format parquet)")
    return {table: folder / f"{table}.parquet" for table in tables}


def source(path: Path) -> str:
    return f"read_parquet('{path / '*.parquet' if path.is_dir() else path}')"


POSTGRES_TYPES = {
    "VARCHAR": "text",
    "DOUBLE": "double precision",
    "FLOAT": "real",
    "HUGEINT": "numeric(38,0)",
    "TIMESTAMP WITH TIME ZONE": "timestamptz",
}


def load_postgres(files: dict[str, Path], schema: str) -> None:
    import psycopg2

    con = psycopg2.connect(
        host=os.environ.get("DBT_PG_HOST", "127.0.0.1"),
        port=int(os.environ.get("DBT_PG_PORT", "5432")),
        user=os.environ.get("DBT_PG_USER", "postgres"),
        password=os.environ.get("DBT_PG_PASSWORD", ""),
        dbname=os.environ.get("DBT_PG_DBNAME", "corp_tiering"),
    )
    reader = duckdb.connect()
    with con, con.cursor() as cur:
        cur.execute(f'create schema if not exists "{schema}"')
        for table, path in files.items():
            columns = reader.execute(f"describe select * from {source(path)}").fetchall()
            definition = ", ".join(f'"{name}" {POSTGRES_TYPES.get(kind, kind.lower())}' for name, kind, *_ in columns)
            cur.execute(f'drop table if exists "{schema}"."{table}" cascade')
            cur.execute(f'create table "{schema}"."{table}" ({definition})')
            with tempfile.NamedTemporaryFile(suffix=".csv") as csv:
                reader.execute(f"copy (select * from {source(path)}) to '{csv.name}' (format csv, header false)")
                with open(csv.name, encoding="utf-8") as rows:
                    cur.copy_expert(f'copy "{schema}"."{table}" from stdin with (format csv)', rows)
            cur.execute(f'analyze "{schema}"."{table}"')
            print(f"load_raw: {schema}.{table} loaded", file=sys.stderr)
    con.close()


def load_spark(files: dict[str, Path], schema: str) -> None:
    tables = {table: str(path.resolve()) for table, path in files.items()}
    args = json.dumps({"schema": schema, "tables": tables})
    result = subprocess.run(
        [str(BIN / "dbt"), "run-operation", "load_raw_parquet", "--args", args, "--target", "spark"],
        cwd=PROJECT_DIR,
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise SystemExit(f"load_raw: dbt run-operation load_raw_parquet failed:\n{result.stdout[-4000:]}")


def load_duckdb(files: dict[str, Path], schema: str) -> None:
    database = os.environ.get("DBT_DUCKDB_PATH", "warehouse/corp_tiering.duckdb")
    with duckdb.connect(database) as con:
        con.execute(f"create schema if not exists {schema}")
        for table, path in files.items():
            con.execute(f"create or replace table {schema}.{table} as select * from {source(path)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--target", required=True, choices=["postgres", "spark", "duckdb"])
    given = parser.add_mutually_exclusive_group(required=True)
    given.add_argument("--from-duckdb", type=Path, help="DuckDB file holding the raw tables")
    given.add_argument("--from-parquet", type=Path, help="folder of <raw table>.parquet files")
    parser.add_argument("--source-schema", default="raw", help="schema of the raw tables in --from-duckdb")
    parser.add_argument("--schema", default="raw", help="raw schema in the target (dbt var raw_schema)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="load_raw_") as scratch:
        if args.from_duckdb:
            files = export_duckdb(args.from_duckdb, args.source_schema, Path(scratch))
        else:
            files = parquet_files(args.from_parquet)
        {"postgres": load_postgres, "spark": load_spark, "duckdb": load_duckdb}[args.target](files, args.schema)
    print(f"load_raw: {len(files)} raw tables loaded into {args.target} schema {args.schema}")


if __name__ == "__main__":
    main()
