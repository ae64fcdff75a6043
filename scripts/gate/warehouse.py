"""Reading the warehouse, whichever engine holds it: the connection (a DuckDB file or a
PostgreSQL URL), every engine-specific piece of SQL, and information_schema's types
spelled as the raw-data contract spells them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pandas as pd

from gate.config import HISTORY


class Warehouse:
    """A DB-API connection and its engine's name; every query of the gate goes here."""

    def __init__(self, engine: str, con: Any):
        self.engine = engine
        self.con = con

    def cursor(self, sql: str) -> Any:
        cursor = self.con if self.engine == "duckdb" else self.con.cursor()
        cursor.execute(sql)
        return cursor

    def rows(self, sql: str) -> list[tuple]:
        return self.cursor(sql).fetchall()

    def frame(self, sql: str) -> pd.DataFrame:
        cursor = self.cursor(sql)
        columns = [d[0] for d in cursor.description]
        return pd.DataFrame.from_records(cursor.fetchall(), columns=columns)

    def execute(self, sql: str) -> None:
        self.cursor(sql)

    def commit(self) -> None:
        if self.engine != "duckdb":
            self.con.commit()

    def close(self) -> None:
        self.con.close()


def connect(database: str) -> Warehouse:
    """Open the warehouse: a DuckDB file path, or a PostgreSQL URL
    (postgresql://user[:password]@host[:port]/dbname, opened with psycopg2)."""
    if database.startswith(("postgresql://", "postgres://")):
        import psycopg2

        con = psycopg2.connect(database)
        engine = "postgres" if con.server_version >= 160000 else "postgres15"
        if engine == "postgres15":
            create_try_cast(con)
        return Warehouse(engine, con)
    if "://" in database:
        raise SystemExit(f"{database}: not a DuckDB file or a postgresql:// URL")
    import duckdb

    if not Path(database).exists():
        raise SystemExit(f"{database}: no such warehouse file (run make demo or dbt build first)")
    return Warehouse("duckdb", duckdb.connect(database))


def create_try_cast(con: Any) -> None:
    """PostgreSQL before 16 has neither try_cast nor pg_input_is_valid: the gate's own
    function in its schema (the same as the dbt project's corp_tiering_try_cast)."""
    with con.cursor() as cur:
        cur.execute(f"create schema if not exists {HISTORY}")
        cur.execute(f"""
            create or replace function {HISTORY}.try_cast(value text, type_name text, inout result anyelement)
            language plpgsql immutable as $body$
            begin
                execute format('select cast(%L as %s)', value, type_name) into result;
            exception when others then
                result := null;
            end
            $body$
        """)
    con.commit()


def engine_sql(engine: str, function: str, expression: str, argument: str) -> str:
    """The engine-specific SQL of the gate, all in one place.

    full_match: `expression` matches the regular expression `argument` entirely.
    try_cast: `expression` cast to type `argument`, null when it does not convert."""
    dialects = {
        "duckdb": {
            "full_match": f"regexp_full_match({expression}, '{argument}')",
            "try_cast": f"try_cast({expression} as {argument})",
        },
        "postgres": {
            "full_match": f"({expression} ~ '^(?:{argument})$')",
            "try_cast": f"(case when pg_input_is_valid({expression}, '{argument}') "
            f"then cast({expression} as {argument}) end)",
        },
        "postgres15": {
            "full_match": f"({expression} ~ '^(?:{argument})$')",
            "try_cast": f"cast({HISTORY}.try_cast(cast({expression} as text), '{argument}', "
            f"cast(null as {argument})) as {argument})",
        },
    }
    if engine not in dialects:
        raise SystemExit(f"quality gate: no SQL dialect for engine {engine}")
    return dialects[engine][function]


def date_literal(day: dt.date) -> str:
    return f"cast('{day.isoformat()}' as date)"


def canonical_type(data_type: str, precision: Any, scale: Any) -> str:
    """information_schema's type spelled as the contract spells it."""
    name = str(data_type).upper().strip()
    if name.startswith(("DECIMAL", "NUMERIC")):
        return f"DECIMAL({precision},{scale})" if precision is not None else name
    return {
        "CHARACTER VARYING": "VARCHAR",
        "TEXT": "VARCHAR",
        "STRING": "VARCHAR",
        "TIMESTAMP WITHOUT TIME ZONE": "TIMESTAMP",
        "INT": "INTEGER",
        "INT4": "INTEGER",
    }.get(name, name)
