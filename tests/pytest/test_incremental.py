"""History and incremental runs (docs/segmentation_rules.md §0, §11, §12): re-running a date changes nothing;
month-ends built one after another, with the monthly stages extended incrementally as
new days of raw data arrive, equal the same month-ends built with --full-refresh; and the
migration mart reconciles with the segment fact at both of its dates."""

from __future__ import annotations

import itertools
import re
import shutil
from collections import Counter, defaultdict

import duckdb
import pytest

from conftest import TYPED, dbt

# The typed test data ends on TYPED["as_of"] (2025-12-31): its last three month-ends.
MONTH_ENDS = ["2025-10-31", "2025-11-30", TYPED["as_of"]]
MARTS = [
    "fct_customer_metrics",
    "fct_customer_profitability",
    "fct_customer_segments",
    "fct_prospect_segments",
    "fct_customer_explanations",
    "mart_segment_summary",
    "mart_segment_migration",
    "mart_seed_versions",
    "mart_manager_actions",
    "fct_group_summary",
    "fct_group_members",
]
STAGES = ["int_deposit_balances__monthly", "int_loan_balances__monthly", "int_deposit_transactions__monthly"]
# The daily raw tables and the day column by which new data arrives.
DAILY = {
    "core_deposit_balances": "balance_date",
    "core_transactions": "txn_date",
    "credit_loan_balances": "balance_date",
}


def contents(database, schema: str, tables: list[str]) -> dict[str, list[tuple]]:
    """Every table's rows, sorted, without invocation_id (which run wrote a slice, not what it says)."""
    with duckdb.connect(str(database), read_only=True) as con:
        return {
            t: sorted(
                con.execute(f"select columns(lambda c: c != 'invocation_id') from {schema}.{t}").fetchall(), key=repr
            )
            for t in tables
        }


def run(database, target, day: str | None = None, *extra: str) -> None:
    args = ["run", *extra]
    if day is not None:
        args += ["--vars", f"{{as_of_date: '{day}'}}"]
    dbt(database, *args, target_path=target)


def test_rerunning_a_date_changes_nothing(typed_warehouse, tmp_path):
    database = tmp_path / "rerun.duckdb"
    shutil.copy(typed_warehouse.database, database)
    before = contents(database, "marts", MARTS)
    assert all(before[m] for m in MARTS if m != "mart_segment_migration")
    run(database, tmp_path / "target")
    assert contents(database, "marts", MARTS) == before


def test_month_ends_built_incrementally_equal_full_refresh(typed_warehouse, tmp_path):
    # A: every month-end built with --full-refresh (the monthly stages rebuilt from all
    # the raw data each time; the history marts are never dropped).
    full = tmp_path / "full.duckdb"
    shutil.copy(typed_warehouse.database, full)
    for day in MONTH_ENDS:
        run(full, tmp_path / "target_full", day, "--full-refresh", "--exclude", "path:models/staging")

    # B: the raw data arrives month by month; each month-end's run extends the monthly
    # stages incrementally.
    step = tmp_path / "incremental.duckdb"
    shutil.copy(typed_warehouse.database, step)
    with duckdb.connect(str(step)) as con:
        con.execute("create schema held")
        for table, day_column in DAILY.items():
            con.execute(
                f"create table held.{table} as select * from raw.{table} where {day_column} > ?", [MONTH_ENDS[0]]
            )
            con.execute(f"delete from raw.{table} where {day_column} > ?", [MONTH_ENDS[0]])
    run(step, tmp_path / "target_step", MONTH_ENDS[0], "--full-refresh")
    for i, day in enumerate(MONTH_ENDS[1:], start=1):
        last = i == len(MONTH_ENDS) - 1
        with duckdb.connect(str(step)) as con:
            for table, day_column in DAILY.items():
                arrived = "true" if last else f"{day_column} <= date '{day}'"
                con.execute(f"insert into raw.{table} select * from held.{table} where {arrived}")
                con.execute(f"delete from held.{table} where {arrived}")
        run(step, tmp_path / "target_step", day)

    assert contents(step, "intermediate", STAGES) == contents(full, "intermediate", STAGES)
    step_marts, full_marts = contents(step, "marts", MARTS), contents(full, "marts", MARTS)
    for mart in MARTS:
        assert step_marts[mart] == full_marts[mart], mart
    with duckdb.connect(str(step), read_only=True) as con:
        dates = [
            str(d)
            for (d,) in con.execute("select distinct as_of_date from marts.fct_customer_segments order by 1").fetchall()
        ]
    assert dates == MONTH_ENDS
    assert_migration_reconciles(step)


@pytest.mark.parametrize("fixture", ["typed_warehouse", "text_warehouse"])
@pytest.mark.parametrize(
    "model, raw_table",
    [("base_core__deposit_balances", "core_deposit_balances"), ("base_credit__loan_balances", "credit_loan_balances")],
)
def test_big_balance_tables_built_a_month_at_a_time_equal_one_statement(request, tmp_path, fixture, model, raw_table):
    """On DuckDB a full build of a balance table runs one statement per month with rows,
    plus one for the rows without a usable day (macros/engines/build_in_parts.sql): the
    table it left equals what the model's SQL gives as one statement."""
    warehouse = request.getfixturevalue(fixture)
    database = tmp_path / "copy.duckdb"
    shutil.copy(warehouse.database, database)
    target = tmp_path / "target"
    dbt(database, "compile", "--full-refresh", "-s", model, target_path=target)
    [compiled] = target.glob(f"compiled/**/{model}.sql")
    one_statement = compiled.read_text(encoding="utf-8")
    [run_sql] = warehouse.target_path.glob(f"run/**/{model}.sql")
    with duckdb.connect(str(database), read_only=True) as con:
        # the months with a usable day, counted here from the raw text or dates: a day is
        # usable when it reads as a finite date on or after 1900-01-01 (docs/raw_data_contract.md;
        # the text data plants 'infinity', which DuckDB reads as a date)
        usable = f"""
            select try_cast(trim(cast(balance_date as varchar)) as date) as day from raw.{raw_table}
        """
        months = con.execute(f"""
            select count(distinct date_trunc('month', day)) from ({usable})
            where isfinite(day) and day >= date '1900-01-01'
        """).fetchone()[0]
        unusable = con.execute(f"""
            select count(*) from ({usable})
            where not coalesce(isfinite(day) and day >= date '1900-01-01', false)
        """).fetchone()[0]
        differences = con.execute(f"""
            with one_statement as (select * from ({one_statement}) as q),
                 built as (select * from staging.{model})
            select count(*) from (
                (select * from one_statement except all select * from built)
                union all
                (select * from built except all select * from one_statement)
            ) as d
        """).fetchone()[0]
        rows, raw_rows = con.execute(
            f"select (select count(*) from staging.{model}), (select count(*) from raw.{raw_table})"
        ).fetchone()
    assert months > 1
    assert fixture == "typed_warehouse" or unusable > 0  # the text data plants unreadable days
    # the table is created by the first part and each other part inserted after it
    assert len(re.findall(r"^\s*insert into ", run_sql.read_text(encoding="utf-8"), re.M)) == months
    assert rows == raw_rows
    assert differences == 0


def assert_migration_reconciles(database) -> None:
    """Each pair of consecutive as_of_dates: the migration's customers and profit by
    from-segment (and by to-segment) equal the segment fact's at that date."""
    with duckdb.connect(str(database), read_only=True) as con:
        segments = con.execute(
            "select as_of_date, segment_code, count(*), sum(profit_contribution) "
            "from marts.fct_customer_segments group by all"
        ).fetchall()
        migration = con.execute(
            "select from_as_of_date, to_as_of_date, from_segment_code, to_segment_code, customers, "
            "from_profit_contribution, to_profit_contribution from marts.mart_segment_migration"
        ).fetchall()
    fact = {(d, s): (n, p) for d, s, n, p in segments}
    pairs = sorted({(f, t) for f, t, *_ in migration})
    dates = sorted({d for d, *_ in segments})
    assert pairs == list(itertools.pairwise(dates))
    for from_date, to_date in pairs:
        sides = defaultdict(Counter)
        for f, t, from_segment, to_segment, customers, from_profit, to_profit in migration:
            if (f, t) == (from_date, to_date):
                sides[(from_date, from_segment)].update(n=customers, p=from_profit)
                sides[(to_date, to_segment)].update(n=customers, p=to_profit)
        observed = {k: (v["n"], v["p"]) for k, v in sides.items() if k[1] != "none"}
        expected = {k: v for k, v in fact.items() if k[0] in (from_date, to_date)}
        assert observed == expected
