#!/usr/bin/env python3
"""Backfill corp_tiering's history: run `dbt build` for a list or range of as_of_dates.

Each date runs the nightly command, `dbt build --exclude-resource-type unit_test --vars
'{as_of_date: <date>}'` (plus --full-refresh and any dbt arguments given after `--`),
oldest first; unit tests check the SQL, not the data, and run in `make test`. A run replaces that date's slice of the
history marts and leaves the other dates alone, so dates can be run in any order and
re-run safely; mart_segment_migration compares each date with the one before it.

Before any dbt command, the seed files are checked as files (scripts/check_seeds.py): a
problem in one stops the backfill with exit 1, naming the file, row and column.

Every finished date appends one JSON line to the log (date, status, seconds, dbt's
return code). The log makes a backfill resumable: a date whose latest line says `ok` is
skipped unless --force. The run stops at the first date that fails, with a non-zero exit.

Usage:
    python scripts/backfill.py --dates 2026-08-31 2026-09-30
    python scripts/backfill.py --from 2026-01-31 --to 2026-10-31      # every month-end
    python scripts/backfill.py --last 3 --to 2026-10-31               # the last three
    python scripts/backfill.py --last 3 --to 2026-10-31 -- --exclude resource_type:seed
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

from check_seeds import check_seed_files

PROJECT_DIR = Path(__file__).resolve().parent.parent
# The venv's dbt, next to the Python running this script (not resolved: a venv's python
# is a symlink to the system one).
DBT = Path(sys.executable).parent / "dbt"
# What a production run leaves out (as `make daily` does): unit tests check the SQL, not
# the night's data, and run in `make test`.
NIGHTLY_OPTIONS = ["--exclude-resource-type", "unit_test"]


def month_end(day: dt.date) -> dt.date:
    first_of_next = (day.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
    return first_of_next - dt.timedelta(days=1)


def month_ends(first: dt.date, last: dt.date) -> list[dt.date]:
    """Every month-end m with first <= m <= last."""
    days, day = [], month_end(first)
    while day <= last:
        days.append(day)
        day = month_end(day + dt.timedelta(days=1))
    return days


def last_month_ends(count: int, last: dt.date) -> list[dt.date]:
    """The `count` month-ends on or before `last`, oldest first."""
    days, day = [], last if month_end(last) == last else last.replace(day=1) - dt.timedelta(days=1)
    for _ in range(count):
        days.append(day)
        day = day.replace(day=1) - dt.timedelta(days=1)
    return sorted(days)


def parse_args(argv: list[str]) -> tuple[argparse.Namespace, list[str]]:
    """Our options, and the dbt arguments after the first `--`."""
    ours, dbt_args = (argv[: argv.index("--")], argv[argv.index("--") + 1 :]) if "--" in argv else (argv, [])
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        epilog="Arguments after `--` go to every `dbt build`, e.g. -- --exclude resource_type:seed",
    )
    date = dt.date.fromisoformat
    parser.add_argument("--dates", nargs="+", type=date, metavar="DATE", help="these as_of_dates (YYYY-MM-DD)")
    parser.add_argument(
        "--from", dest="first", type=date, metavar="DATE", help="every month-end from this day ... (with --to)"
    )
    parser.add_argument("--last", type=int, metavar="N", help="the N month-ends on or before --to")
    parser.add_argument("--to", type=date, metavar="DATE", help="... to this day, inclusive")
    parser.add_argument(
        "--log",
        type=Path,
        help="JSON-lines log of finished dates (default: "
        "backfill.log.jsonl next to the DuckDB file of DBT_DUCKDB_PATH)",
    )
    parser.add_argument("--force", action="store_true", help="re-run dates the log says succeeded")
    parser.add_argument(
        "--full-refresh",
        action="store_true",
        help="pass --full-refresh to dbt (the "
        "history marts keep their other dates: they are configured full_refresh: false)",
    )
    args = parser.parse_args(ours)
    if args.dates:
        if args.first or args.last is not None or args.to:
            parser.error("give either --dates or --from/--last with --to")
        args.days = sorted(set(args.dates))
    elif args.to and (args.first is None) != (args.last is None):
        if args.first and args.first > args.to:
            parser.error("--from is after --to")
        if args.last is not None and args.last < 1:
            parser.error("--last must be at least 1")
        args.days = month_ends(args.first, args.to) if args.first else last_month_ends(args.last, args.to)
        if not args.days:
            parser.error(f"no month-end between {args.first} and {args.to}")
    else:
        parser.error("give --dates, or --to with one of --from and --last")
    if args.log is None:
        database = PROJECT_DIR / os.environ.get("DBT_DUCKDB_PATH", "warehouse/corp_tiering.duckdb")
        args.log = database.parent / "backfill.log.jsonl"
    return args, dbt_args


def succeeded(log: Path) -> set[str]:
    """Dates whose latest line in the log says ok."""
    latest: dict[str, str] = {}
    if log.exists():
        for line in log.read_text(encoding="utf-8").splitlines():
            if line.strip():
                entry = json.loads(line)
                latest[entry["date"]] = entry["status"]
    return {day for day, status in latest.items() if status == "ok"}


def dbt_log_path(dbt_args: list[str]) -> Path:
    """Where dbt writes dbt.log: --log-path, else DBT_LOG_PATH, else the project's logs/."""
    folder = os.environ.get("DBT_LOG_PATH", "logs")
    for i, arg in enumerate(dbt_args):
        if arg == "--log-path" and i + 1 < len(dbt_args):
            folder = dbt_args[i + 1]
        elif arg.startswith("--log-path="):
            folder = arg.split("=", 1)[1]
    return PROJECT_DIR / folder / "dbt.log"


def what_failed(output: str, most: int = 12) -> list[str]:
    """dbt's failure headlines and its final count, else the end of its output."""
    lines = output.rstrip().splitlines()
    errors = [line for line in lines if re.match(r"(\d\d:\d\d:\d\d)?\s*(Error|Failure) in ", line)]
    if not errors:
        return lines[-15:]
    more = [f"... and {len(errors) - most} more"] if len(errors) > most else []
    return errors[:most] + more + [line for line in lines if "Done. PASS=" in line]


def main(argv: list[str] | None = None) -> int:
    args, dbt_args = parse_args(sys.argv[1:] if argv is None else argv)
    if not DBT.exists():
        sys.exit(f"backfill: no dbt at {DBT}; run it with the project's .venv/bin/python")
    problems = check_seed_files(PROJECT_DIR / "seeds")
    if problems:
        print("\n".join(map(str, problems)), file=sys.stderr)
        print(
            f"backfill: stopped before any dbt command: {len(problems)} problem(s) in the seed files "
            "(scripts/check_seeds.py). Correct them and run the same command again.",
            file=sys.stderr,
        )
        return 1
    done = set() if args.force else succeeded(args.log)
    env = dict(os.environ)
    env.setdefault("DBT_PROFILES_DIR", str(PROJECT_DIR))
    env["DBT_USE_COLORS"] = "false"  # its output is captured, and shown only when it fails
    args.log.parent.mkdir(parents=True, exist_ok=True)
    print(f"backfill: {len(args.days)} date(s) {args.days[0]} .. {args.days[-1]}, log {args.log}", flush=True)

    for number, day in enumerate(map(str, args.days), start=1):
        prefix = f"[{number}/{len(args.days)}] {day} ..."
        if day in done:
            print(f"{prefix} skipped (logged ok; --force re-runs it)", flush=True)
            continue
        print(prefix, end=" ", flush=True)
        command = [str(DBT), "build", *NIGHTLY_OPTIONS, "--vars", f"{{as_of_date: '{day}'}}"]
        command += ["--full-refresh"] * args.full_refresh + dbt_args
        started = time.perf_counter()
        result = subprocess.run(command, cwd=PROJECT_DIR, env=env, capture_output=True, text=True)
        seconds = round(time.perf_counter() - started, 1)
        status = "ok" if result.returncode == 0 else "failed"
        entry = {
            "date": day,
            "status": status,
            "seconds": seconds,
            "returncode": result.returncode,
            "finished_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "full_refresh": args.full_refresh,
            "dbt_args": dbt_args,
        }
        with args.log.open("a", encoding="utf-8") as handle:
            handle.write(json.dumps(entry) + "\n")
        if status == "ok":
            print(f"ok in {seconds} s", flush=True)
            continue
        print(f"FAILED in {seconds} s (dbt exit {result.returncode})", flush=True)
        print("\n".join("    " + line for line in what_failed(result.stdout + result.stderr)), file=sys.stderr)
        print(
            f"backfill: stopped at {day}: `dbt build` failed (exit {result.returncode}). "
            f"dbt's log: {dbt_log_path(dbt_args)}. Re-run the same command to resume from {day}.",
            file=sys.stderr,
        )
        return result.returncode
    print(f"backfill: done, log {args.log}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
