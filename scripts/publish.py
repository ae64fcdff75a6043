#!/usr/bin/env python3
"""Publish the marts for readers: copy the `marts` schema of the warehouse, and nothing
else, into a separate DuckDB file that BI tools, notebooks and the report open.

The copy is written under a temporary name in the same folder, flushed to disk and moved
into place with one atomic rename (os.replace). A reader that holds the old file keeps a
consistent view of the old night (it holds the old file, which the rename unlinks but
does not change); the next reader that opens the path sees the new night; publishing
never waits for a reader, since it never opens the published path itself. A publish
killed at any moment leaves the previous file as it was (a stale temporary file is
removed by the next publish).

The history marts of a date are published together or not at all: before copying, every
history mart must hold the same set of as_of_dates, and mart_segment_migration must hold
the pair of every as_of_date of fct_customer_segments with the one before it (a failing
node or a killed build leaves a new date in some history marts only). Otherwise nothing
is published and the message names the mart and the date.

Raw, staging, intermediate, seeds, snapshots and quality stay in the warehouse: customer
and prospect names and USCCs never reach the published file (the work lists carry their
relationship managers' names, the bank's own staff). The published file keeps the
schema name `marts`, so the same SQL runs on both files, and holds one more table,
`main.publication`: one row per as_of_date published, with the time of publication.

Usage:
    python scripts/publish.py [--database warehouse/corp_tiering.duckdb]
                              [--output warehouse/corp_tiering_bi.duckdb]
Exit 0 when published, 1 when refused (nothing changed), 2 on a usage error.
"""

from __future__ import annotations

import argparse
import datetime as dt
import fcntl
import itertools
import os
import sys
import time
from pathlib import Path

import duckdb

SCHEMA = "marts"
# The history marts: one slice per as_of_date each, written by every run for its date
# (dbt_project.yml's history_slices; a test compares this list with the manifest).
HISTORY_MARTS = (
    "fct_customer_profitability",
    "fct_customer_metrics",
    "fct_customer_segments",
    "fct_prospect_segments",
    "fct_customer_explanations",
    "mart_segment_summary",
    "mart_seed_versions",
    "mart_manager_actions",
    "fct_group_summary",
    "fct_group_members",
)
# Derived from fct_customer_segments' dates: a (from, to) pair per consecutive dates.
MIGRATION_MART = "mart_segment_migration"
PUBLICATION_TABLE = "main.publication"
DEFAULT_DATABASE = "warehouse/corp_tiering.duckdb"
DEFAULT_OUTPUT = "warehouse/corp_tiering_bi.duckdb"


class PublishError(Exception):
    """A publication refused: the message says why; the published file is unchanged."""


def quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def literal(path: Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"


def temporary_prefix(output: Path) -> str:
    return f".{output.name}.publishing-"


def as_of_dates(con: duckdb.DuckDBPyConnection, table: str) -> set[dt.date]:
    return {
        row[0]
        for row in con.execute(
            f"select distinct as_of_date from src.{SCHEMA}.{quoted(table)} where as_of_date is not null"
        ).fetchall()
    }


def check_history(con: duckdb.DuckDBPyConnection, tables: set[str]) -> list[dt.date]:
    """The as_of_dates every history mart holds; PublishError naming the mart and the date
    when they disagree or a history mart is missing."""
    missing = [t for t in (*HISTORY_MARTS, MIGRATION_MART) if t not in tables]
    if missing:
        raise PublishError(
            f"the warehouse has no {', '.join(f'{SCHEMA}.{t}' for t in missing)}: "
            "build it (make daily) before publishing"
        )
    dates = {table: as_of_dates(con, table) for table in HISTORY_MARTS}
    every = set().union(*dates.values())
    problems = []
    for day in sorted(every):
        lacking = [table for table in HISTORY_MARTS if day not in dates[table]]
        if lacking:
            holding = [table for table in HISTORY_MARTS if day in dates[table]]
            problems.append(f"as_of_date {day} is in {', '.join(holding)} but not in {', '.join(lacking)}")
    segment_dates = sorted(dates["fct_customer_segments"])
    pairs = set(
        con.execute(f"select distinct from_as_of_date, to_as_of_date from src.{SCHEMA}.{MIGRATION_MART}").fetchall()
    )
    for previous, day in itertools.pairwise(segment_dates):
        if (previous, day) not in pairs:
            problems.append(
                f"as_of_date {day} is in fct_customer_segments but {MIGRATION_MART} "
                f"has no migration from {previous} to it"
            )
    for pair in sorted(pairs, key=str):
        for day in pair:
            if day not in dates["fct_customer_segments"]:
                problems.append(f"{MIGRATION_MART} has as_of_date {day}, which fct_customer_segments lacks")
    if problems:
        raise PublishError(
            "the history marts disagree, a build did not finish: "
            + "; ".join(dict.fromkeys(problems))
            + ". Re-run the build of that date (make daily AS_OF=...), then publish"
        )
    return segment_dates


def fsync_path(path: Path, directory: bool = False) -> None:
    fd = os.open(path, os.O_RDONLY | (os.O_DIRECTORY if directory else 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def remove_stale(output: Path) -> None:
    """Temporary files of a publish that was killed (the caller holds the lock)."""
    for path in output.parent.glob(temporary_prefix(output) + "*"):
        path.unlink(missing_ok=True)


def publish(database: Path, output: Path, log=print, storage_version: str | None = None) -> dict:
    """Copy the marts of `database` into `output`, swapped in whole. Returns what was
    published; raises PublishError (nothing changed) when it cannot be. `storage_version`
    (e.g. 'v1.0.0') writes a file that older DuckDB clients of BI tools can read."""
    started = time.perf_counter()
    database, output = Path(database), Path(output)
    if not database.exists():
        raise PublishError(f"no warehouse at {database}")
    if output.resolve() == database.resolve():
        raise PublishError(f"the published file must not be the warehouse itself ({database})")
    output.parent.mkdir(parents=True, exist_ok=True)
    # One publish at a time per published file (a second one is refused, not queued).
    lock_path = output.parent / f".{output.name}.lock"
    with open(lock_path, "a+") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise PublishError(f"another publish of {output} is running (lock {lock_path})") from None
        remove_stale(output)
        temporary = output.parent / f"{temporary_prefix(output)}{os.getpid()}"
        con = duckdb.connect(
            config={
                "threads": int(os.environ.get("DBT_DUCKDB_THREADS", "2")),
                "memory_limit": os.environ.get("DBT_DUCKDB_MEMORY_LIMIT", "16GB"),
            }
        )
        try:
            try:
                con.execute(f"attach {literal(database)} as src (read_only)")
            except duckdb.Error as error:
                # e.g. a build holds the warehouse: DuckDB's message names the process and its PID
                raise PublishError(f"cannot open the warehouse {database}: {str(error).splitlines()[0]}") from None
            tables = {
                row[0]
                for row in con.execute(
                    "select table_name from information_schema.tables where table_catalog = 'src' and table_schema = ?",
                    [SCHEMA],
                ).fetchall()
            }
            if not tables:
                raise PublishError(f"the warehouse {database} has no {SCHEMA} schema or it is empty: build it first")
            dates = check_history(con, tables)
            log(
                f"publish: copying {len(tables)} marts ({len(dates)} as_of_dates, latest "
                f"{dates[-1] if dates else 'none'}) from {database} to {output}"
            )
            options = f" (storage_version {literal(storage_version)})" if storage_version else ""
            con.execute(f"attach {literal(temporary)} as bi{options}")
            con.execute(f"create schema bi.{SCHEMA}")
            for table in sorted(tables):
                # a view (if a mart ever is one) is materialised: the file stands alone
                con.execute(f"create table bi.{SCHEMA}.{quoted(table)} as select * from src.{SCHEMA}.{quoted(table)}")
            published_at = dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)
            con.execute(
                f"""
                create table bi.{PUBLICATION_TABLE} as
                select
                    as_of_date,
                    count(*) as customers,
                    cast(? as timestamp) as published_at
                from src.{SCHEMA}.fct_customer_segments
                group by as_of_date
                order by as_of_date
            """,
                [published_at],
            )
            con.execute("checkpoint bi")
            con.execute("detach bi")
        except BaseException:
            con.close()
            remove_stale(output)
            raise
        con.close()
        # Nothing but the checkpointed file moves: a write-ahead log would be left behind.
        if Path(f"{temporary}.wal").exists():
            remove_stale(output)
            raise PublishError(f"DuckDB left a write-ahead log beside {temporary} after its checkpoint")
        fsync_path(temporary)
        # A write-ahead log at the published path belongs to the file being replaced (a
        # reader that wrote into it): DuckDB would refuse to open the new file with it
        # ("WAL does not match database file"). The old file's holder keeps its own view.
        Path(f"{output}.wal").unlink(missing_ok=True)
        os.replace(temporary, output)
        fsync_path(output.parent, directory=True)
    seconds = time.perf_counter() - started
    log(
        f"publish: {output} now holds as_of_dates {', '.join(map(str, dates)) or 'none'} "
        f"(published at {published_at:%Y-%m-%d %H:%M:%S} UTC) in {seconds:.1f} s"
    )
    return {
        "output": str(output),
        "tables": sorted(tables),
        "as_of_dates": [str(d) for d in dates],
        "published_at": published_at.isoformat(),
        "seconds": round(seconds, 3),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database",
        type=Path,
        default=Path(os.environ.get("DBT_DUCKDB_PATH", DEFAULT_DATABASE)),
        help=f"the warehouse (default $DBT_DUCKDB_PATH or {DEFAULT_DATABASE}); opened read-only",
    )
    parser.add_argument(
        "--output",
        type=Path,
        default=Path(os.environ.get("BI_DUCKDB_PATH", DEFAULT_OUTPUT)),
        help=f"the published file (default $BI_DUCKDB_PATH or {DEFAULT_OUTPUT})",
    )
    parser.add_argument(
        "--storage-version",
        default=os.environ.get("BI_DUCKDB_STORAGE_VERSION") or None,
        help="DuckDB storage version of the published file, e.g. v1.0.0 for BI tools whose DuckDB "
        "is older than 2.0 (default $BI_DUCKDB_STORAGE_VERSION, else DuckDB's own)",
    )
    args = parser.parse_args(argv)
    try:
        publish(args.database, args.output, storage_version=args.storage_version)
    except (PublishError, duckdb.Error) as error:
        print(f"publish: refused, {args.output} left as it was: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
