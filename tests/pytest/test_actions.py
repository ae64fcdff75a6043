"""The relationship managers' work lists (marts.mart_manager_actions, docs/segmentation_rules.md §15)
and their CSVs (scripts/actions.py). Every expected value is computed here, in Python or in
plain SQL over the staged tables and the seed files, never read from the mart's own
intermediate models.

A small data set is built for two month-ends; before the second month-end's actions are
rebuilt, a few rows are shaped so that the edges are met exactly: customers whose last
visit is exactly their visit frequency before as_of_date (not overdue) and one day more
(overdue), one never visited, one with a visit after as_of_date (ignored); a customer
that was 重要 (important) in the previous slice and is 退出 (exit) now; deposit ADB falls
of exactly deposit_adb_drop_ratio (no action) and just more (action)."""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from conftest import PROJECT_DIR, dbt, generate, make_dry_run, run_actions

DATA = {"customers": 220, "days": 120, "as_of": "2025-11-30", "seed": 29, "bad_rate": 0.01}
PREVIOUS = "2025-10-31"
AS_OF = dt.date.fromisoformat(DATA["as_of"])
SEEDS = PROJECT_DIR / "seeds"
ACTIONS = "marts.mart_manager_actions"
# The models that read the CRM and the slices compared, rebuilt after the shaping.
REBUILD = ["int_crm_parties__contacted+", "int_customers__compared+"]


def seed_rows(name: str) -> list[dict[str, str]]:
    with open(SEEDS / f"{name}.csv", encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def global_parameter(name: str) -> Decimal:
    (value,) = [
        r["value"] for r in seed_rows("parameters") if r["parameter_name"] == name and r["scope_type"] == "global"
    ]
    return Decimal(value)


def only_global_parameters(*names: str) -> None:
    """The expectations below use the global values: the shipped seed has no override."""
    for name in names:
        scopes = {r["scope_type"] for r in seed_rows("parameters") if r["parameter_name"] == name}
        assert scopes == {"global"}, name


def run(database: Path, target: Path, day: str, *args: str, command: str = "run") -> None:
    dbt(database, command, "--vars", f"{{as_of_date: '{day}'}}", *args, target_path=target)


def query(database: Path, sql: str, params: list | None = None) -> list[tuple]:
    with duckdb.connect(str(database), read_only=True) as con:
        return con.execute(sql, params or []).fetchall()


def frequencies(database: Path) -> dict[str, int]:
    """Each in-scope customer's visit frequency, from segment_strategies.csv by its segment;
    the strategic tier at most diamond_visit_frequency_days (docs/segmentation_rules.md §10)."""
    by_segment = {r["segment_code"]: int(r["visit_frequency_days"]) for r in seed_rows("segment_strategies")}
    diamond = int(global_parameter("diamond_visit_frequency_days"))
    found = {}
    for customer, segment, tier in query(
        database,
        "select customer_id, segment_code, tier_code from marts.fct_customer_segments where as_of_date = ?",
        [AS_OF],
    ):
        found[customer] = min(by_segment[segment], diamond) if tier == "strategic" else by_segment[segment]
    return found


def last_visits(database: Path, column: str) -> dict[str, dt.date]:
    return dict(
        query(
            database,
            f"select {column}, max(visit_date) from staging.stg_crm__visits "
            f"where {column} is not null and visit_date <= ? group by 1",
            [AS_OF],
        )
    )


@pytest.fixture(scope="module")
def raw_data(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("actions_raw")
    database = folder / "generated.duckdb"
    generate(database, **DATA)
    return database


@pytest.fixture(scope="module")
def warehouse(raw_data, tmp_path_factory) -> dict:
    """Both month-ends built, then the second's actions rebuilt on shaped rows; returns the
    database and what was shaped."""
    folder = tmp_path_factory.mktemp("actions")
    database = folder / "warehouse.duckdb"
    shutil.copy(raw_data, database)
    target = folder / "target"
    only_global_parameters("diamond_visit_frequency_days", "deposit_adb_drop_ratio", "prospect_follow_up_days")
    run(database, target, PREVIOUS, "--exclude", "resource_type:test", "resource_type:unit_test", command="build")
    # the second month-end with every data test of the models (the new seeds' checks too)
    run(database, target, DATA["as_of"], "--exclude", "resource_type:unit_test", command="build")

    frequency = frequencies(database)
    in_both = [
        row[0]
        for row in query(
            database,
            """select now.customer_id from marts.fct_customer_segments as now
               inner join marts.fct_customer_segments as before
                   on now.customer_id = before.customer_id and before.as_of_date = ?
               where now.as_of_date = ? order by now.customer_id""",
            [dt.date.fromisoformat(PREVIOUS), AS_OF],
        )
    ]
    exits = [
        row[0]
        for row in query(
            database,
            """select now.customer_id from marts.fct_customer_segments as now
               inner join marts.fct_customer_segments as before
                   on now.customer_id = before.customer_id and before.as_of_date = ?
               where now.as_of_date = ? and now.segment_code = 'exit' and before.segment_code <> 'important'
               order by now.customer_id""",
            [dt.date.fromisoformat(PREVIOUS), AS_OF],
        )
    ]
    assert exits, "the data set needs an exit customer present in both slices"
    demoted = exits[0]
    others = [c for c in in_both if c != demoted]
    on_the_day, day_after, never, future, adb_exact, adb_more = others[:6]
    shaped_visits = {
        on_the_day: AS_OF - dt.timedelta(days=frequency[on_the_day]),
        day_after: AS_OF - dt.timedelta(days=frequency[day_after] + 1),
        future: AS_OF - dt.timedelta(days=frequency[future] + 5),
    }
    with duckdb.connect(str(database)) as con:
        (template,) = con.execute(
            "select visit_id from raw.crm_visits where customer_id is not null limit 1"
        ).fetchone()
        shaped = [on_the_day, day_after, never, future]
        con.execute(f"delete from raw.crm_visits where customer_id in ({', '.join('?' * len(shaped))})", shaped)
        visits = [*shaped_visits.items(), (future, AS_OF + dt.timedelta(days=1))]
        for number, (customer, day) in enumerate(visits):
            con.execute(
                """insert into raw.crm_visits
                   select 'TEST-V' || ?, ?, null, manager_id, ?, channel, summary
                   from raw.crm_visits where visit_id = ?""",
                [str(number), customer, day, template],
            )
        # 重要 in the previous slice, 退出 now
        con.execute(
            "update marts.fct_customer_segments set segment_code = 'important' where as_of_date = ? and customer_id = ?",
            [dt.date.fromisoformat(PREVIOUS), demoted],
        )
        # deposit ADB 1,000,000.00 -> 700,000.00 (exactly the 30 %) and -> 699,999.99 (more)
        for customer, now in ((adb_exact, "700000"), (adb_more, "699999.99")):
            for day, value in ((PREVIOUS, "1000000"), (DATA["as_of"], now)):
                con.execute(
                    "update marts.fct_customer_metrics set deposit_adb_cny = cast(? as decimal(24, 6)) "
                    "where as_of_date = ? and customer_id = ?",
                    [value, dt.date.fromisoformat(day), customer],
                )
    run(database, target, DATA["as_of"], "--select", *REBUILD)
    return {
        "database": database,
        "folder": folder,
        "frequency": frequency,
        "demoted": demoted,
        "on_the_day": on_the_day,
        "day_after": day_after,
        "never": never,
        "future": future,
        "adb_exact": adb_exact,
        "adb_more": adb_more,
    }


def actions(database: Path, action_code: str, columns: str = "customer_id") -> list[tuple]:
    return query(
        database, f"select {columns} from {ACTIONS} where as_of_date = ? and action_code = ?", [AS_OF, action_code]
    )


def test_overdue_visits_are_exactly_the_customers_not_visited_within_their_frequency(warehouse):
    database, frequency = warehouse["database"], warehouse["frequency"]
    visited = last_visits(database, "customer_id")
    assert visited, "the CRM of the data set records visits"
    expected = {}
    for customer, days in frequency.items():
        last = visited.get(customer)
        if last is None:
            expected[customer] = ("never_visited", None)
        elif (AS_OF - last).days > days:
            expected[customer] = ("overdue", (AS_OF - last).days)
    rows = actions(
        database, "visit_overdue", "customer_id, trigger_code, days_since_last_visit, allowed_days_between_visits"
    )
    assert {r[0]: (r[1], r[2]) for r in rows} == expected
    assert len(rows) == len(expected)
    for customer, _, since, allowed in rows:
        assert allowed == frequency[customer]
        assert since is None or since > allowed


def test_a_visit_exactly_on_the_day_is_not_overdue_one_day_more_is(warehouse):
    database, frequency = warehouse["database"], warehouse["frequency"]
    listed = {
        r[0]: r[1:]
        for r in actions(
            database, "visit_overdue", "customer_id, trigger_code, days_since_last_visit, reason_zh, reason_en"
        )
    }
    assert warehouse["on_the_day"] not in listed
    day_after = warehouse["day_after"]
    days = frequency[day_after] + 1
    assert listed[day_after][:2] == ("overdue", days)
    last = (AS_OF - dt.timedelta(days=days)).isoformat()
    assert f"{last}" in listed[day_after][2] and f"{days} 天" in listed[day_after][2]
    assert f"{frequency[day_after]} 天" in listed[day_after][2]
    assert f"{days} days ago" in listed[day_after][3] and f"of {frequency[day_after]} days" in listed[day_after][3]
    assert listed[warehouse["never"]][:2] == ("never_visited", None)
    # the visit after as_of_date is ignored: the one frequency + 5 days before counts
    assert listed[warehouse["future"]][:2] == ("overdue", frequency[warehouse["future"]] + 5)


def test_a_customer_moved_from_important_to_exit_gets_a_retention_action(warehouse):
    database = warehouse["database"]
    rows = query(
        database,
        f"""select trigger_code, priority, previous_segment_code, segment_code, reason_zh, reason_en
            from {ACTIONS} where as_of_date = ? and customer_id = ? and action_code = 'retention'""",
        [AS_OF, warehouse["demoted"]],
    )
    by_trigger = {r[0]: r[1:] for r in rows}
    assert "segment_down" in by_trigger
    priority, before, now, zh, en = by_trigger["segment_down"]
    (expected_priority,) = [
        int(r["priority"])
        for r in seed_rows("action_types")
        if (r["action_code"], r["trigger_code"]) == ("retention", "segment_down")
    ]
    assert (priority, before, now) == (expected_priority, "important", "exit")
    assert "重要客户" in zh and "退出客户" in zh and PREVIOUS in zh
    assert "Important" in en and "Exit" in en


def test_segment_and_tier_moves_and_lifecycle_follow_the_ranks(warehouse):
    """Every segment_down, tier_down, churned and dormant action, and no other customer,
    computed from the two slices and retention_ranks.csv."""
    database = warehouse["database"]
    ranks = {(r["code_type"], r["code"]): int(r["rank_order"]) for r in seed_rows("retention_ranks")}
    before = {
        r[0]: r[1:]
        for r in query(
            database,
            "select customer_id, segment_code, tier_code, lifecycle_stage from marts.fct_customer_segments where as_of_date = ?",
            [dt.date.fromisoformat(PREVIOUS)],
        )
    }
    expected = set()
    for customer, segment, tier, stage in query(
        database,
        "select customer_id, segment_code, tier_code, lifecycle_stage from marts.fct_customer_segments where as_of_date = ?",
        [AS_OF],
    ):
        old = before.get(customer)
        if stage in ("churned", "dormant") and (old is None or old[2] != stage):
            expected.add((customer, stage))
        if old is None:
            continue
        for code_type, now_code, old_code, trigger in (
            ("segment_code", segment, old[0], "segment_down"),
            ("tier_code", tier, old[1], "tier_down"),
        ):
            known = (code_type, now_code) in ranks and (code_type, old_code) in ranks
            if known and ranks[(code_type, now_code)] > ranks[(code_type, old_code)]:
                expected.add((customer, trigger))
    found = {
        r
        for r in actions(database, "retention", "customer_id, trigger_code")
        if r[1] in ("segment_down", "tier_down", "churned", "dormant")
    }
    assert found == expected
    assert (warehouse["demoted"], "segment_down") in found


def test_deposit_adb_falls_of_exactly_the_threshold_are_not_listed_larger_ones_are(warehouse):
    database = warehouse["database"]
    ratio = global_parameter("deposit_adb_drop_ratio")
    assert ratio == Decimal("0.30")  # the shaped rows fall by exactly 30 %
    listed = {
        r[0]: r[1:]
        for r in actions(database, "retention", "customer_id, reason_zh, reason_en, trigger_code")
        if r[3] == "deposit_drop"
    }
    assert warehouse["adb_exact"] not in listed
    zh, en, _ = listed[warehouse["adb_more"]]
    assert "1,000,000.00" in zh and "699,999.99" in zh and "30.00%" in zh
    assert "CNY 1,000,000.00" in en and "CNY 699,999.99" in en
    # and every listed fall is truly more than the ratio of the previous slice's ADB
    metrics = query(
        database,
        """select now.customer_id, before.deposit_adb_cny, now.deposit_adb_cny
           from marts.fct_customer_metrics as now
           inner join marts.fct_customer_metrics as before
               on now.customer_id = before.customer_id and before.as_of_date = ?
           where now.as_of_date = ?""",
        [dt.date.fromisoformat(PREVIOUS), AS_OF],
    )
    expected = {c for c, old, new in metrics if old is not None and old > 0 and old - (new or 0) > ratio * old}
    assert set(listed) == expected


CATEGORIES_USED = """
    with catalog as (
        select product_code, product_category from seeds.product_catalog
    ),
    window_days as (
        select cast(? as date) as as_of, cast(? as date) as start_day
    )
    select accounts.customer_id, catalog.product_category
    from staging.stg_core__deposit_accounts as accounts
    inner join catalog on accounts.product_code = catalog.product_code
    cross join window_days
    where accounts.open_date <= window_days.as_of
        and (accounts.close_date is null or accounts.close_date > window_days.start_day)
        and (accounts.close_date is null or accounts.close_date > accounts.open_date)
    union
    select loans.customer_id, catalog.product_category
    from staging.stg_credit__loan_balances as balances
    inner join staging.stg_credit__loans as loans on balances.loan_id = loans.loan_id
    inner join catalog on loans.product_code = catalog.product_code
    cross join window_days
    where balances.balance_date between window_days.start_day and window_days.as_of and balances.outstanding_balance > 0
    union
    select fees.customer_id, catalog.product_category
    from staging.stg_core__fee_income as fees
    inner join catalog on fees.product_code = catalog.product_code
    cross join window_days
    where fees.fee_date between window_days.start_day and window_days.as_of
"""


def test_cross_sell_lists_exactly_the_called_for_categories_the_customer_lacks(warehouse):
    database = warehouse["database"]
    called_for: dict[str, set[str]] = {}
    for row in seed_rows("segment_actions"):
        if row["action_code"] == "cross_sell":
            called_for.setdefault(row["segment_code"], set()).add(row["product_category"])
    start = AS_OF - dt.timedelta(days=364)  # W = lookback_days 365 ending on as_of_date
    used: dict[str, set[str]] = {}
    for customer, category in query(database, CATEGORIES_USED, [AS_OF, start]):
        used.setdefault(customer, set()).add(category)
    expected = set()
    for customer, segment in query(
        database, "select customer_id, segment_code from marts.fct_customer_segments where as_of_date = ?", [AS_OF]
    ):
        for category in called_for.get(segment, set()) - used.get(customer, set()):
            expected.add((customer, category))
    found = actions(database, "cross_sell", "customer_id, product_category")
    assert len(found) == len(set(found))
    assert set(found) == expected
    assert expected, "the data set has cross-sell gaps"
    for customer, category in found:
        assert category not in used.get(customer, set())


def test_prospects_of_the_follow_up_segments_without_a_recent_visit_are_listed(warehouse):
    database = warehouse["database"]
    segments = {r["segment_code"] for r in seed_rows("segment_actions") if r["action_code"] == "prospect_follow_up"}
    assert segments == {"gold", "potential"}  # 黄金, 潜力
    window = int(global_parameter("prospect_follow_up_days"))
    visited = last_visits(database, "prospect_id")
    expected = {}
    for prospect, segment in query(
        database, "select prospect_id, segment_code from marts.fct_prospect_segments where as_of_date = ?", [AS_OF]
    ):
        if segment not in segments:
            continue
        last = visited.get(prospect)
        if last is None:
            expected[prospect] = "never_visited"
        elif (AS_OF - last).days > window:
            expected[prospect] = "overdue"
    found = actions(database, "prospect_follow_up", "prospect_id, trigger_code, population, customer_id")
    assert {r[0]: r[1] for r in found} == expected
    assert all(r[2] == "target" and r[3] is None for r in found)


def test_managers_are_the_primary_assignment_valid_on_as_of_date(warehouse):
    """The primary assignment valid on as_of_date; of several the latest valid_from, then
    the smallest assignment_id; none: no manager (the branch's list)."""
    database = warehouse["database"]
    candidates: dict[str, list[tuple]] = {}
    for customer, prospect, manager, valid_from, assignment in query(
        database,
        """select customer_id, prospect_id, manager_id, valid_from, assignment_id
           from staging.stg_crm__customer_managers
           where manager_role = 'primary' and valid_from <= ? and (valid_to is null or valid_to >= ?)""",
        [AS_OF, AS_OF],
    ):
        candidates.setdefault(customer or prospect, []).append((-valid_from.toordinal(), assignment, manager))
    expected = {party: min(rows)[2] for party, rows in candidates.items()}
    rows = query(
        database, f"select coalesce(customer_id, prospect_id), manager_id from {ACTIONS} where as_of_date = ?", [AS_OF]
    )
    assert any(manager is not None for _, manager in rows)
    for party, manager in rows:
        assert manager == expected.get(party), party


def test_priorities_come_from_the_seed(warehouse):
    priorities = {(r["action_code"], r["trigger_code"]): int(r["priority"]) for r in seed_rows("action_types")}
    rows = query(warehouse["database"], f"select distinct action_code, trigger_code, priority from {ACTIONS}")
    assert rows
    for action, trigger, priority in rows:
        assert priorities[(action, trigger)] == priority


def test_the_csvs_are_one_per_branch_with_a_bom(warehouse, tmp_path):
    database = warehouse["database"]
    output = tmp_path / "actions"
    output.mkdir()
    (output / "STALE.csv").write_text("old", encoding="utf-8")
    result = run_actions(database, output)
    assert result.returncode == 0, result.stderr
    counts = dict(
        query(database, f"select branch_id, count(*) from {ACTIONS} where as_of_date = ? group by 1", [AS_OF])
    )
    branches = {
        r[0]
        for r in query(
            database,
            """select branch_id from marts.fct_customer_segments where as_of_date = ?
               union select branch_id from marts.fct_prospect_segments where as_of_date = ?""",
            [AS_OF, AS_OF],
        )
    }
    assert {p.name for p in output.glob("*.csv")} == {f"{b}.csv" for b in branches | set(counts)}
    for branch in branches | set(counts):
        data = (output / f"{branch}.csv").read_bytes()
        assert data.startswith(b"\xef\xbb\xbf"), branch
        rows = list(csv.DictReader(data.decode("utf-8-sig").splitlines()))
        assert len(rows) == counts.get(branch, 0), branch
        assert all(r["branch_id"] == branch and r["as_of_date"] == DATA["as_of"] for r in rows)
        assert [int(r["priority"]) for r in rows if not r["manager_id"]] == sorted(
            int(r["priority"]) for r in rows if not r["manager_id"]
        )
    assert f"{sum(counts.values())} actions" in result.stdout


def test_make_actions_reads_the_published_file_and_demo_writes_the_lists():
    env = {"DBT_DUCKDB_PATH": "somewhere/w.duckdb", "BI_DUCKDB_PATH": "elsewhere/bi.duckdb"}
    actions_run = make_dry_run("actions", **env)
    assert "scripts/actions.py --database elsewhere/bi.duckdb --output-dir reports/actions" in actions_run
    demo = make_dry_run("demo", **env)
    # make demo runs `$(MAKE) actions` after publishing (its dry run prints the sub-make's commands)
    assert demo.index("scripts/publish.py") < demo.index("scripts/report.py") < demo.index("scripts/actions.py")
