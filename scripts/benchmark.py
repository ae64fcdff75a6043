#!/usr/bin/env python3
"""Benchmark of the nightly build at a given size (issue 10): what a full build and a
next-day run cost against the floor of reading the data once.

At one size it generates (or reuses) demo data in its own DuckDB file
(bench/<customers>/warehouse.duckdb by default), then measures, each as a whole
process with its wall time and peak resident memory:

1. the generator (scripts/generate_demo_data.py), skipped when the data of that size,
   days, as-of date and seed is already there (its earlier figures are reused);
2. the floor: one hand-written DuckDB query that reads the deposit balance, loan
   balance and transaction tables once and computes the per-customer aggregates the
   marts need (ADB, FTP income, counts) — see FLOOR_SQL;
3. a full `dbt build` from an empty warehouse (only the raw tables kept);
4. a next-day run: one more day of raw data appended (append_next_day, timed
   apart), then the scheduler's daily command, `make daily` (the `dbt build` it runs,
   unit tests left out, for the default as_of_date, the latest staged day);
5. a what-if scenario (scripts/whatif.py, skipped with --no-whatif): parameters.csv of
   seeds/ with the global deposit_scale_threshold_cny set to 1,000,000, tried against
   the latest as_of_date the night built. It runs last, so the steps before measure
   what they measured without it; it writes only its own schemas, dropped afterwards.

It prints a table and writes JSON with the figures, the ratios the targets are stated
in (build / floor, next-day / full, what-if / full) and the seconds of every model from
dbt's run_results.json.

Usage:
    python scripts/benchmark.py --customers 100000 [--days 400] [--json bench/100000/result.json]
    python scripts/benchmark.py --render docs/benchmarks.json --markdown docs/benchmarks.md \
        bench/10000/result.json bench/100000/result.json ...
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import itertools
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

from backfill import NIGHTLY_OPTIONS  # the options of the scheduler's nightly dbt build

PROJECT_DIR = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
GIB = 1024**3
# Schemas dbt writes; dropped before a full build so that it starts from raw data only.
BUILT_SCHEMAS = ["staging", "intermediate", "marts", "seeds", "snapshots"]
# The daily raw tables, the column by which a day's data arrives, and the columns that
# make a copied row new (its own key).
DAILY_TABLES = {
    "core_deposit_balances": "balance_date",
    "core_transactions": "txn_date",
    "credit_loan_balances": "balance_date",
}

# The what-if scenario: one seed parameter changed (README, "What-if scenarios").
WHATIF_NAME = "deposit_1m"
WHATIF_SEED = "parameters"
WHATIF_PARAMETER = "deposit_scale_threshold_cny"
WHATIF_VALUE = "1000000"

# The floor: one query, each big table read once, aggregated per customer over the
# 365-day window ending on the as-of date, with the join shapes of the models (balance ->
# account or loan -> customer, each day at its own FX rate, the account's FTP and customer
# rates) but none of the cleaning, rejection, history or testing work. The FX rate of each
# currency and day is looked up first in a small day x currency table (the latest rate on
# or before the day), so each big table is joined by hash, as a hand-tuned query would.
FLOOR_SQL = """
create or replace temp table floor_customer_aggregates as
with days as (
    select cast(day as date) as day
    from range(date '{start}', date '{as_of}' + interval 1 day, interval 1 day) as t(day)
),
fx_daily as (
    select currencies.currency, days.day, fx.cny_per_unit
    from (select distinct currency from {schema}.core_fx_rates) as currencies
    cross join days
    asof left join {schema}.core_fx_rates as fx
        on currencies.currency = fx.currency and days.day >= fx.rate_date
),
deposits as (
    select
        accounts.customer_id,
        sum(balances.balance * coalesce(fx_daily.cny_per_unit, case when accounts.currency = 'CNY' then 1 end))
            as deposit_balance_sum_cny,
        sum(balances.balance * coalesce(fx_daily.cny_per_unit, case when accounts.currency = 'CNY' then 1 end)
            * (accounts.ftp_rate - accounts.customer_rate)) as deposit_ftp_spread_sum_cny
    from {schema}.core_deposit_balances as balances
    inner join {schema}.core_deposit_accounts as accounts
        on balances.account_id = accounts.account_id
    left join fx_daily
        on accounts.currency = fx_daily.currency and balances.balance_date = fx_daily.day
    where balances.balance_date between date '{start}' and date '{as_of}'
    group by accounts.customer_id
),
loans as (
    select
        loans.customer_id,
        sum(balances.outstanding_balance * coalesce(fx_daily.cny_per_unit, case when loans.currency = 'CNY' then 1 end))
            as loan_balance_sum_cny,
        sum(balances.outstanding_balance * coalesce(fx_daily.cny_per_unit, case when loans.currency = 'CNY' then 1 end)
            * (loans.customer_rate - loans.ftp_rate)) as loan_ftp_spread_sum_cny,
        sum(case when balances.five_category in ('substandard', 'doubtful', 'loss') then 1 else 0 end)
            as non_performing_days
    from {schema}.credit_loan_balances as balances
    inner join {schema}.credit_loans as loans
        on balances.loan_id = loans.loan_id
    left join fx_daily
        on loans.currency = fx_daily.currency and balances.balance_date = fx_daily.day
    where balances.balance_date between date '{start}' and date '{as_of}'
    group by loans.customer_id
),
transactions as (
    select
        accounts.customer_id,
        count(*) as transaction_count,
        sum(transactions.amount * coalesce(fx_daily.cny_per_unit, case when accounts.currency = 'CNY' then 1 end))
            as transaction_amount_cny
    from {schema}.core_transactions as transactions
    inner join {schema}.core_deposit_accounts as accounts
        on transactions.account_id = accounts.account_id
    left join fx_daily
        on accounts.currency = fx_daily.currency and transactions.txn_date = fx_daily.day
    where transactions.txn_date between date '{start}' and date '{as_of}'
    group by accounts.customer_id
)
select
    coalesce(deposits.customer_id, loans.customer_id, transactions.customer_id) as customer_id,
    deposits.deposit_balance_sum_cny / {days} as deposit_adb_cny,
    deposits.deposit_ftp_spread_sum_cny / 365 as deposit_ftp_income_cny,
    loans.loan_balance_sum_cny / {days} as loan_adb_cny,
    loans.loan_ftp_spread_sum_cny / 365 as loan_ftp_income_cny,
    loans.non_performing_days,
    transactions.transaction_count,
    transactions.transaction_amount_cny
from deposits
full outer join loans
    on deposits.customer_id = loans.customer_id
full outer join transactions
    on coalesce(deposits.customer_id, loans.customer_id) = transactions.customer_id
"""


# ---------------------------------------------------------------------- processes
def run_measured(command: list[str], env: dict | None = None, log: Path | None = None) -> dict:
    """Run `command` as its own process; wall seconds and its peak RSS (of the process
    and its descendants, from wait4). Output goes to `log`. Fails on a non-zero exit."""
    started = time.perf_counter()
    with open(log or os.devnull, "w", encoding="utf-8") as out:
        process = subprocess.Popen(command, cwd=PROJECT_DIR, env=env, stdout=out, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        tail = log.read_text(encoding="utf-8", errors="replace")[-4000:] if log else ""
        raise SystemExit(f"benchmark: {' '.join(command)} exited {process.returncode}\n{tail}")
    return {"seconds": round(seconds, 3), "peak_rss_gib": round(usage.ru_maxrss * 1024 / GIB, 3)}


def duckdb_settings() -> dict:
    """The DuckDB threads and memory limit dbt's profile gives (same env variables)."""
    return {
        "threads": int(os.environ.get("DBT_DUCKDB_THREADS", "2")),
        "memory_limit": os.environ.get("DBT_DUCKDB_MEMORY_LIMIT", "16GB"),
    }


def connect(database: Path):
    import duckdb

    settings = duckdb_settings()
    return duckdb.connect(
        str(database), config={"threads": settings["threads"], "memory_limit": settings["memory_limit"]}
    )


# ---------------------------------------------------------------------- steps
def generate(args, workdir: Path, database: Path, env: dict) -> dict:
    """Generate the data, or reuse it when the same size is already there."""
    record = workdir / "generator.json"
    wanted = {"customers": args.customers, "days": args.days, "as_of": args.as_of, "seed": args.seed}
    if record.exists() and database.exists() and not args.regenerate:
        previous = json.loads(record.read_text(encoding="utf-8"))
        if all(previous.get(k) == v for k, v in wanted.items()):
            previous["reused"] = True
            return previous
    for path in (database, Path(f"{database}.wal")):
        path.unlink(missing_ok=True)
    manifest = workdir / "manifest.json"
    step = run_measured(
        [
            str(BIN / "python"),
            str(PROJECT_DIR / "scripts" / "generate_demo_data.py"),
            "--customers",
            str(args.customers),
            "--days",
            str(args.days),
            "--as-of",
            args.as_of,
            "--seed",
            str(args.seed),
            "--database",
            str(database),
            "--manifest",
            str(manifest),
            "--quiet",
        ],
        env=env,
        log=workdir / "generator.log",
    )
    summary = json.loads(manifest.read_text(encoding="utf-8"))
    result = dict(
        wanted,
        raw_rows=summary["raw_rows"],
        row_counts=summary["row_counts"],
        generator_s=step["seconds"],
        generator_peak_rss_gib=step["peak_rss_gib"],
        generator_rows_per_s=round(summary["raw_rows"] / step["seconds"]),
        reused=False,
    )
    manifest.unlink()  # its planted-row list is large and not needed here
    record.write_text(json.dumps(result, indent=1), encoding="utf-8")
    return result


def reset_warehouse(database: Path, as_of: str) -> None:
    """Back to the generated raw data: drop everything dbt built and any day a previous
    benchmark appended after the as-of date."""
    with connect(database) as con:
        for schema in BUILT_SCHEMAS:
            con.execute(f"drop schema if exists {schema} cascade")
        for table, day_column in DAILY_TABLES.items():
            con.execute(f"delete from raw.{table} where {day_column} > date '{as_of}'")
        con.execute("checkpoint")


def append_next_day(database: Path) -> dict:
    """One more day of raw data, as the loaders would land it overnight: each daily
    table gets the rows of its latest day again, dated the day after (transactions with
    new ids), and FX rates a fixing for that day. Returns the day and the rows added."""
    with connect(database) as con:
        latest = con.execute("select max(balance_date) from raw.core_deposit_balances").fetchone()[0]
        day = latest + dt.timedelta(days=1)
        added = {}
        for table, day_column in DAILY_TABLES.items():
            columns = [
                r[0]
                for r in con.execute(
                    "select column_name from information_schema.columns where table_schema = 'raw' "
                    "and table_name = ? order by ordinal_position",
                    [table],
                ).fetchall()
            ]
            values = []
            for column in columns:
                if column == day_column:
                    values.append(f"date '{day}' as {column}")
                elif column == "txn_id":
                    values.append(f"txn_id || '-N{day:%Y%m%d}' as txn_id")
                elif column == "balance":
                    values.append(
                        "round(balance * (0.98 + 0.04 * (hash(account_id, 'next') % 1000) / 1000.0), 2) as balance"
                    )
                else:
                    values.append(column)
            before = con.execute(f"select count(*) from raw.{table}").fetchone()[0]
            con.execute(
                f"insert into raw.{table} select {', '.join(values)} from raw.{table} "
                f"where {day_column} = (select max({day_column}) from raw.{table})"
            )
            added[table] = con.execute(f"select count(*) from raw.{table}").fetchone()[0] - before
        con.execute(f"""
            insert into raw.core_fx_rates
            select currency, date '{day}', cny_per_unit from raw.core_fx_rates
            where rate_date = (select max(rate_date) from raw.core_fx_rates)
        """)
        con.execute("checkpoint")
    return {"day": day.isoformat(), "rows": added}


def write_scenario(folder: Path) -> None:
    """The scenario folder: parameters.csv of seeds/ with the global WHATIF_PARAMETER set
    to WHATIF_VALUE, every other row and column as seeds/ has it."""
    source = PROJECT_DIR / "seeds" / f"{WHATIF_SEED}.csv"
    with open(source, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    header = rows[0]
    name, scope, value = (header.index(c) for c in ("parameter_name", "scope_type", "value"))
    changed = 0
    for row in rows[1:]:
        if row[name] == WHATIF_PARAMETER and row[scope] == "global":
            row[value] = WHATIF_VALUE
            changed += 1
    if changed != 1:
        raise SystemExit(f"benchmark: {source} has {changed} global {WHATIF_PARAMETER} rows, not one")
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / f"{WHATIF_SEED}.csv", "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)


def latest_as_of(database: Path) -> str:
    """The latest as_of_date of production's fct_customer_segments (the night's)."""
    with connect(database) as con:
        return con.execute("select max(as_of_date) from marts.fct_customer_segments").fetchone()[0].isoformat()


def whatif(workdir: Path, database: Path, env: dict) -> dict:
    """scripts/whatif.py on the scenario, as a user runs it (one process, wall clock):
    seconds, peak RSS, the as_of_date and the movers (rows of moves.csv)."""
    folder = workdir / "whatif" / WHATIF_NAME
    write_scenario(folder)
    as_of = latest_as_of(database)
    reports = workdir / "whatif_reports"
    step = run_measured(
        [
            str(BIN / "python"),
            str(PROJECT_DIR / "scripts" / "whatif.py"),
            str(folder),
            "--as-of",
            as_of,
            "--database",
            str(database),
            "--output-dir",
            str(reports),
        ],
        env=env,
        log=workdir / "whatif.log",
    )
    with open(reports / WHATIF_NAME / "moves.csv", encoding="utf-8", newline="") as handle:
        movers = sum(1 for _ in csv.reader(handle)) - 1
    return dict(step, as_of=as_of, movers=movers)


def floor_command(database: Path, as_of: str, lookback_days: int = 365) -> list[str]:
    start = (dt.date.fromisoformat(as_of) - dt.timedelta(days=lookback_days - 1)).isoformat()
    sql = FLOOR_SQL.format(schema="raw", start=start, as_of=as_of, days=lookback_days)
    settings = duckdb_settings()
    code = (
        "import duckdb, sys\n"
        f"con = duckdb.connect({str(database)!r}, read_only=True, config={{'threads': {settings['threads']}, "
        f"'memory_limit': {settings['memory_limit']!r}}})\n"
        "con.execute('set enable_progress_bar = false')\n"
        f"con.execute({sql!r})\n"
        "print(con.execute('select count(*) from floor_customer_aggregates').fetchone()[0], 'customers')\n"
    )
    return [str(BIN / "python"), "-c", code]


def model_seconds(target: Path) -> dict[str, float]:
    """Seconds of every model (and the summed seconds of the tests) from run_results.json."""
    results = json.loads((target / "run_results.json").read_text(encoding="utf-8"))["results"]
    seconds: dict[str, float] = {}
    tests = 0.0
    for result in results:
        kind, _, rest = result["unique_id"].partition(".")
        if kind == "test":
            tests += result["execution_time"]
        elif kind in ("model", "snapshot", "seed"):
            seconds[rest.split(".", 1)[1]] = round(result["execution_time"], 3)
    ordered = dict(sorted(seconds.items(), key=lambda item: -item[1]))
    ordered["(all tests)"] = round(tests, 3)
    return ordered


def dbt_env(database: Path, target: Path, logs: Path) -> dict:
    env = dict(
        os.environ,
        DBT_DUCKDB_PATH=str(database),
        DBT_PROFILES_DIR=str(PROJECT_DIR),
        DBT_TARGET_PATH=str(target),
        DBT_LOG_PATH=str(logs),
        DBT_TARGET="duckdb",
    )
    env.pop("MAKEFLAGS", None)
    return env


def benchmark(args) -> dict:
    workdir = Path(args.workdir or PROJECT_DIR / "bench" / str(args.customers)).resolve()
    workdir.mkdir(parents=True, exist_ok=True)
    database = workdir / "warehouse.duckdb"
    env = dict(os.environ)
    say = (lambda message: None) if args.quiet else (lambda message: print(message, flush=True))

    say(f"[{args.customers:,} customers, {args.days} days] generator ...")
    generated = generate(args, workdir, database, env)
    say(
        "  "
        + (
            "reused the data generated before"
            if generated["reused"]
            else f"{generated['raw_rows']:,} rows in {generated['generator_s']:.1f} s"
        )
    )
    reset_warehouse(database, args.as_of)

    say("  floor query ...")
    floor = run_measured(floor_command(database, args.as_of), log=workdir / "floor.log")

    say("  full dbt build ...")
    # one target folder for both runs, as a scheduler's: the nightly run parses partially
    target = workdir / "target"
    (target / "partial_parse.msgpack").unlink(missing_ok=True)
    full = run_measured(
        [str(BIN / "dbt"), "build", "--no-use-colors"],
        env=dbt_env(database, target, workdir / "logs"),
        log=workdir / "full_build.log",
    )
    full_models = model_seconds(target)

    say("  next day: append, then the daily dbt build ...")
    started = time.perf_counter()
    appended = append_next_day(database)
    append_s = time.perf_counter() - started
    # what `make daily` runs (the Makefile's venv check aside): dbt build for the latest
    # day, without the unit tests (they run in `make test`)
    daily = run_measured(
        [str(BIN / "dbt"), "build", *NIGHTLY_OPTIONS, "--no-use-colors"],
        env=dbt_env(database, target, workdir / "logs"),
        log=workdir / "daily.log",
    )

    warehouse_gib = database.stat().st_size / GIB  # before the scenario, which adds and drops schemas
    daily_models = model_seconds(target)

    scenario = None
    if not args.no_whatif:
        say("  what-if scenario (scripts/whatif.py) on the night's latest as_of_date ...")
        # the scenario's dbt runs keep their own target folder (whatif.py passes --target-path)
        scenario = whatif(workdir, database, dbt_env(database, workdir / "whatif_target", workdir / "logs"))

    peak = max(
        floor["peak_rss_gib"],
        full["peak_rss_gib"],
        daily["peak_rss_gib"],
        scenario["peak_rss_gib"] if scenario else 0,
        generated.get("generator_peak_rss_gib", 0) if not generated["reused"] else 0,
    )
    result = {
        "customers": args.customers,
        "days": args.days,
        "as_of": args.as_of,
        "seed": args.seed,
        "raw_rows": generated["raw_rows"],
        "big_table_rows": {t: generated["row_counts"][t] for t in DAILY_TABLES},
        "generator_s": generated["generator_s"],
        "generator_rows_per_s": generated["generator_rows_per_s"],
        "generator_reused": generated["reused"],
        "floor_s": floor["seconds"],
        "full_build_s": full["seconds"],
        "build_to_floor_ratio": round(full["seconds"] / floor["seconds"], 2),
        "next_day": appended["day"],
        "next_day_rows": sum(appended["rows"].values()),
        "append_s": round(append_s, 3),
        "incremental_s": daily["seconds"],
        "incremental_to_full_ratio": round(daily["seconds"] / full["seconds"], 3),
        "whatif_scenario": f"{WHATIF_SEED}.csv: global {WHATIF_PARAMETER} = {WHATIF_VALUE}" if scenario else None,
        "whatif_as_of": scenario["as_of"] if scenario else None,
        "whatif_s": scenario["seconds"] if scenario else None,
        "whatif_movers": scenario["movers"] if scenario else None,
        "whatif_to_full_ratio": round(scenario["seconds"] / full["seconds"], 3) if scenario else None,
        "peak_rss_gib": peak,
        "peak_rss_gib_by_step": {
            "generator": generated.get("generator_peak_rss_gib"),
            "floor": floor["peak_rss_gib"],
            "full_build": full["peak_rss_gib"],
            "incremental": daily["peak_rss_gib"],
            "whatif": scenario["peak_rss_gib"] if scenario else None,
        },
        "warehouse_gib": round(warehouse_gib, 2),
        "duckdb_settings": duckdb_settings(),
        "model_seconds": full_models,
        "incremental_model_seconds": daily_models,
        "measured_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": machine(),
    }
    return result


# ---------------------------------------------------------------------- report
def print_table(result: dict) -> None:
    rows = [
        ("customers", f"{result['customers']:,}"),
        ("raw rows", f"{result['raw_rows']:,}"),
        (
            "generator",
            f"{result['generator_s']:.1f} s, {result['generator_rows_per_s']:,} rows/s"
            + (" (reused)" if result["generator_reused"] else ""),
        ),
        ("floor query", f"{result['floor_s']:.1f} s"),
        ("full dbt build", f"{result['full_build_s']:.1f} s"),
        ("build / floor", f"{result['build_to_floor_ratio']:.2f}"),
        ("next-day run", f"{result['incremental_s']:.1f} s (+{result['next_day_rows']:,} rows)"),
        ("next-day / full", f"{result['incremental_to_full_ratio']:.3f}"),
    ]
    if result.get("whatif_s") is not None:
        rows += [
            ("what-if scenario", f"{result['whatif_s']:.1f} s ({result['whatif_movers']:,} movers)"),
            ("what-if / full", f"{result['whatif_to_full_ratio']:.3f}"),
        ]
    rows.append(("peak RSS", f"{result['peak_rss_gib']:.2f} GiB"))
    width = max(len(name) for name, _ in rows)
    for name, value in rows:
        print(f"{name:<{width}}  {value}")
    print("slowest models of the full build:")
    for name, seconds in list(result["model_seconds"].items())[:8]:
        print(f"  {name:<48} {seconds:8.1f} s")


def machine() -> dict:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        memory = (
            int(
                next(
                    line.split()[1]
                    for line in Path("/proc/meminfo").read_text().splitlines()
                    if line.startswith("MemTotal")
                )
            )
            * 1024
            / GIB
        )
    except (OSError, StopIteration):
        memory = float("nan")
    import duckdb

    versions = {"python": platform.python_version(), "duckdb": duckdb.__version__}
    try:
        from importlib.metadata import version

        versions.update({"dbt-core": version("dbt-core"), "dbt-duckdb": version("dbt-duckdb")})
    except Exception:
        pass
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gib": round(memory, 1),
        "os": platform.platform(),
        "versions": versions,
    }


TARGETS = [
    ("build_to_floor_ratio at 1,000,000 customers", "<= 3"),
    ("incremental_to_full_ratio", "<= 0.10"),
    ("peak_rss_gib", "<= 16"),
    ("full build 1,000,000 / 100,000 customers", "<= 12"),
    ("generator_rows_per_s", ">= 1,000,000"),
]


def target_checks(results: list[dict]) -> list[tuple[str, str, str, bool | None]]:
    generated = [r for r in results if r.get("generator_rows_per_s") is not None]
    fresh = [r for r in generated if not r["generator_reused"]] or generated
    slowest = min(r["generator_rows_per_s"] for r in fresh)
    generator_check = ("generator rows/s, slowest size", ">= 1,000,000", f"{slowest:,}", slowest >= 1_000_000)
    peak = max(r["peak_rss_gib"] for r in results if r.get("peak_rss_gib") is not None)
    results = [r for r in results if r.get("full_build_s") is not None]  # complete runs only
    by_size = {r["customers"]: r for r in results}
    largest = by_size[max(by_size)]
    checks = []
    checks.append(
        (
            f"build / floor at {largest['customers']:,} customers",
            "<= 3",
            f"{largest['build_to_floor_ratio']:.2f}",
            largest["build_to_floor_ratio"] <= 3,
        )
    )
    checks.append(
        (
            f"next-day / full at {largest['customers']:,} customers",
            "<= 0.10",
            f"{largest['incremental_to_full_ratio']:.3f}",
            largest["incremental_to_full_ratio"] <= 0.10,
        )
    )
    checks.append(("peak memory, any size", "<= 16 GiB", f"{peak:.2f} GiB", peak <= 16))
    if 100_000 in by_size and 1_000_000 in by_size:
        small, large = by_size[100_000], by_size[1_000_000]
        if small.get("machine") and large.get("machine") and small["machine"] != large["machine"]:
            # seconds of two machines are not a growth
            checks.append(("full build 1,000,000 / 100,000 customers", "<= 12", "— (different machines)", None))
        else:
            growth = large["full_build_s"] / small["full_build_s"]
            checks.append(("full build 1,000,000 / 100,000 customers", "<= 12", f"{growth:.1f}", growth <= 12))
    checks.append(generator_check)
    return checks


NOTES_MARKER = "<!-- notes: kept as written when the figures are rendered again -->"


def render(results: list[dict], json_path: Path, markdown_path: Path) -> None:
    results = sorted(results, key=lambda r: r["customers"])
    document = {
        "machine": machine(),
        "shared_machine": True,
        "rendered_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "targets": [{"check": c, "target": t, "observed": o, "met": m} for c, t, o, m in target_checks(results)],
        "results": results,
    }
    json_path.parent.mkdir(parents=True, exist_ok=True)
    json_path.write_text(json.dumps(document, indent=1) + "\n", encoding="utf-8")

    # the machine of each result (its own record; the rendering machine for results
    # written before results recorded it)
    machines: dict[str, tuple[dict, list[int]]] = {}
    for r in results:
        m = r.get("machine") or document["machine"]
        machines.setdefault(json.dumps(m, sort_keys=True), (m, []))[1].append(r["customers"])

    def described(m: dict) -> str:
        return f"{m['cpu']}, {m['cores']} cores, {m['memory_gib']} GiB memory ({m['os']}); software " + ", ".join(
            f"{k} {v}" for k, v in m["versions"].items()
        )

    if len(machines) == 1:
        m = next(iter(machines.values()))[0]
        machine_lines = [
            f"- Machine: {m['cpu']}, {m['cores']} cores, {m['memory_gib']} GiB memory ({m['os']}); "
            "**shared with other work while measured**, so the figures carry some noise.",
            "- Software: " + ", ".join(f"{k} {v}" for k, v in m["versions"].items()),
        ]
    else:
        machine_lines = [
            "- Machines (**shared with other work while measured**, so the figures carry some noise; "
            "compare the ratios of one run): "
            + "; ".join(
                f"{', '.join(f'{c:,}' for c in sizes)} customers: {described(m)}" for m, sizes in machines.values()
            )
        ]
    lines = [
        "# Benchmarks",
        "",
        "Written by `make bench` (`scripts/benchmark.py`); the same figures are in",
        "[benchmarks.json](benchmarks.json). Each step is timed as a whole process, wall clock.",
        "",
        *machine_lines,
        "- DuckDB settings from the profile (`DBT_DUCKDB_THREADS`, `DBT_DUCKDB_MEMORY_LIMIT`): "
        + "; ".join(
            f"{r['customers']:,} customers: threads {r['duckdb_settings']['threads']}, "
            f"memory_limit {r['duckdb_settings']['memory_limit']}"
            for r in results
        ),
        f"- Measured: {', '.join(sorted({r['measured_at'][:10] for r in results}))}",
        f"- What-if: `scripts/whatif.py` on a scenario of one changed parameter ({WHATIF_SEED}.csv of "
        f"`seeds/` with the global `{WHATIF_PARAMETER}` set to {int(WHATIF_VALUE):,}), run after the "
        "next-day run against the latest as_of_date the night built, timed as a user waits for it "
        "(check, parse, build, comparison, reports); the target is that a scenario costs "
        '"a small fraction of a full build" (what-if / full). "—": not measured in that run.',
        "",
        "## Figures",
        "",
        "| customers | days | raw rows | generator s | rows/s | floor s | full build s | build / floor "
        "| next-day s | next-day / full | what-if s | what-if / full | movers "
        "| peak RSS GiB | warehouse GiB |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]

    def cell(value, spec):
        return "—" if value is None else format(value, spec)

    for r in results:
        lines.append(
            f"| {r['customers']:,} | {r['days']} | {r['raw_rows']:,} | {cell(r['generator_s'], '.1f')} "
            f"| {cell(r['generator_rows_per_s'], ',')} | {cell(r['floor_s'], '.1f')} "
            f"| {cell(r['full_build_s'], '.1f')} | {cell(r['build_to_floor_ratio'], '.2f')} "
            f"| {cell(r['incremental_s'], '.1f')} | {cell(r['incremental_to_full_ratio'], '.3f')} "
            f"| {cell(r.get('whatif_s'), '.1f')} | {cell(r.get('whatif_to_full_ratio'), '.3f')} "
            f"| {cell(r.get('whatif_movers'), ',')} "
            f"| {cell(r['peak_rss_gib'], '.2f')} | {cell(r.get('warehouse_gib'), '.2f')} |"
        )
    for r in results:
        if r.get("status"):
            lines.append(f"\n{r['customers']:,} customers: {r['status']}")
    lines += ["", "## How cost grows with size", ""]
    if len(results) > 1:
        lines += [
            "| from → to customers | raw rows × | generator × | floor × | full build × | next-day × | what-if × |",
            "|---|---:|---:|---:|---:|---:|---:|",
        ]

        def times(b, a, key):
            return "—" if a.get(key) is None or b.get(key) is None else f"{b[key] / a[key]:.1f}"

        for a, b in itertools.pairwise(results):
            lines.append(
                f"| {a['customers']:,} → {b['customers']:,} | {b['raw_rows'] / a['raw_rows']:.1f} "
                f"| {times(b, a, 'generator_s')} | {times(b, a, 'floor_s')} "
                f"| {times(b, a, 'full_build_s')} | {times(b, a, 'incremental_s')} | {times(b, a, 'whatif_s')} |"
            )
    lines += ["", "## Targets", "", "| check | target | observed | met |", "|---|---|---|---|"]
    for t in document["targets"]:
        met = "—" if t["met"] is None else "yes" if t["met"] else "**no**"
        lines.append(f"| {t['check']} | {t['target']} | {t['observed']} | {met} |")
    lines += ["", "## Slowest models of the full build (seconds)", ""]
    names = list(dict.fromkeys(n for r in results for n in list(r.get("model_seconds") or {})[:10]))
    lines += [
        "| model | " + " | ".join(f"{r['customers']:,}" for r in results) + " |",
        "|---|" + "---:|" * len(results),
    ]
    for name in names:
        lines.append(
            f"| {name} | "
            + " | ".join(
                f"{(r.get('model_seconds') or {}).get(name, 0):.1f}" if r.get("model_seconds") else "—" for r in results
            )
            + " |"
        )
    notes = ""
    if markdown_path.exists():
        text = markdown_path.read_text(encoding="utf-8")
        if NOTES_MARKER in text:
            notes = text.split(NOTES_MARKER, 1)[1].strip()
    lines += ["", NOTES_MARKER, "", notes or "## Notes\n\n(none yet)", ""]
    markdown_path.write_text("\n".join(lines), encoding="utf-8")


# ---------------------------------------------------------------------- main
def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--customers", type=int, help="existing customers of the generated data")
    parser.add_argument("--days", type=int, default=400, help="days of daily history (default 400)")
    parser.add_argument("--as-of", default="2026-10-31", help="last day of the generated data (default 2026-10-31)")
    parser.add_argument("--seed", type=int, default=10, help="generator seed (default 10)")
    parser.add_argument("--json", help="write the figures here (default <workdir>/result.json)")
    parser.add_argument("--workdir", help="folder of the DuckDB file, targets and logs (default bench/<customers>)")
    parser.add_argument("--regenerate", action="store_true", help="generate even when the data is there")
    parser.add_argument("--quiet", action="store_true", help="no progress output")
    parser.add_argument(
        "--no-whatif",
        action="store_true",
        help=f"skip the what-if scenario (scripts/whatif.py, {WHATIF_PARAMETER} = {WHATIF_VALUE})",
    )
    parser.add_argument(
        "--floor-only",
        action="store_true",
        help="measure the floor query again on the data of an earlier run and update its "
        "result file (floor_s, build_to_floor_ratio)",
    )
    parser.add_argument(
        "--render",
        metavar="JSON",
        help="combine result files (positional) into this JSON and --markdown, instead of measuring",
    )
    parser.add_argument("--markdown", default=str(PROJECT_DIR / "docs" / "benchmarks.md"))
    parser.add_argument("results", nargs="*", help="result JSON files to --render")
    args = parser.parse_args(argv)
    if args.render is None and args.customers is None:
        parser.error("give --customers N (or --render)")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.render:
        results = [json.loads(Path(p).read_text(encoding="utf-8")) for p in args.results]
        render(results, Path(args.render), Path(args.markdown))
        print(f"Wrote {args.render} and {args.markdown}")
        return 0
    path = Path(args.json or Path(args.workdir or PROJECT_DIR / "bench" / str(args.customers)) / "result.json")
    if args.floor_only:
        result = json.loads(path.read_text(encoding="utf-8"))
        workdir = Path(args.workdir or PROJECT_DIR / "bench" / str(args.customers)).resolve()
        floor = run_measured(floor_command(workdir / "warehouse.duckdb", result["as_of"]), log=workdir / "floor.log")
        result["floor_s"] = floor["seconds"]
        result["build_to_floor_ratio"] = round(result["full_build_s"] / floor["seconds"], 2)
        result["peak_rss_gib_by_step"]["floor"] = floor["peak_rss_gib"]
        result["peak_rss_gib"] = max(v for v in result["peak_rss_gib_by_step"].values() if v is not None)
        result["floor_measured_at"] = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    else:
        result = benchmark(args)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    if not args.quiet:
        print_table(result)
        print(f"Figures: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
