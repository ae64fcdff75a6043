"""Writing the raw tables into DuckDB: each table is built aside, beside the live one, and
all of them are swapped in at the end in one transaction, so a run killed at any moment
leaves the previous raw tables, all from one run, as they were."""

from __future__ import annotations

import time
from pathlib import Path

import duckdb

from .contract import CONTRACT

# Raw tables are built under this prefix in the raw schema, then renamed in one
# transaction (DuckDB renames a table only inside its schema).
ASIDE_PREFIX = "_generating__"


class RawWriter:
    """One DuckDB connection writing the raw tables of one run into `schema`."""

    def __init__(self, database: str, schema: str, memory_limit: str, quiet: bool):
        self.schema = schema
        self.quiet = quiet
        Path(database).parent.mkdir(parents=True, exist_ok=True)
        self.con = duckdb.connect(database, config={"memory_limit": memory_limit})
        self.rows: dict[str, int] = {}
        self.seconds: dict[str, float] = {}

    def log(self, message: str) -> None:
        if not self.quiet:
            print(message, flush=True)

    def sql(self, statement: str) -> None:
        self.con.execute(statement)

    def table(self, name: str) -> str:
        """Where raw table `name` is built: beside the live one, under ASIDE_PREFIX, until
        swap() puts every table in place at once."""
        return f"{self.schema}.{ASIDE_PREFIX}{name}"

    def prepare(self) -> None:
        """Create the raw schema, drop what a killed run left aside, and create schema `_gen`,
        where the generator keeps its working tables (drawn customers, accounts, loans)."""
        self.sql(f"create schema if not exists {self.schema}")
        self.drop_aside()
        self.sql("create schema if not exists _gen")

    def drop_aside(self) -> None:
        """Drop the tables a run killed before its swap left aside."""
        for (name,) in self.con.execute(
            "select table_name from information_schema.tables where table_schema = ? and starts_with(table_name, ?)",
            [self.schema, ASIDE_PREFIX],
        ).fetchall():
            self.sql(f'drop table "{self.schema}"."{name}"')

    def create(self, name: str, select: str) -> None:
        """Create raw table `name` from `select`, casting to the contract's columns."""
        started = time.perf_counter()
        columns, _ = CONTRACT[name]
        casts = ",\n    ".join(f"cast({col} as {typ}) as {col}" for col, typ in columns)
        self.sql(f"create or replace table {self.table(name)} as\nselect\n    {casts}\nfrom (\n{select}\n)")
        count = self.con.execute(f"select count(*) from {self.table(name)}").fetchone()[0]
        self.rows[name] = count
        elapsed = time.perf_counter() - started
        self.seconds[name] = elapsed
        self.log(f"  {name:<28} {count:>12,} rows  {elapsed:6.2f} s")

    def swap(self) -> None:
        """Replace every raw table at once: in one transaction, drop each live table and
        rename the one built aside to its name (renames move no data). A run killed at any
        moment before the commit leaves the previous raw tables, all of them, as they were."""
        self.sql("begin transaction")
        for name in CONTRACT:
            self.sql(f"drop table if exists {self.schema}.{name}")
            self.sql(f"alter table {self.table(name)} rename to {name}")
        self.sql("commit")

    def finish(self) -> None:
        """Swap the raw tables in, drop schema `_gen`, checkpoint and close."""
        self.swap()
        self.sql("drop schema _gen cascade")
        self.con.execute("checkpoint")
        self.con.close()
