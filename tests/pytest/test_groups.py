"""The group marts (issue 20: fct_group_summary, fct_group_members; docs/segmentation_rules.md §14) checked
against figures computed here, independently, from the customer marts (fct_customer_segments,
fct_customer_metrics, fct_customer_profitability, fct_prospect_segments), the staged group_ids,
the credit balances and CCFs of the intermediate facts, and the copy of the strategic-groups seed.

A copy of the project and its raw data are shaped so that every case is there whatever the
generator draws: a group of several customers in two regions plus a prospect, a group of one
customer, and strategic windows that end on as_of_date (within its month), the day after the
month ends, and the day before as_of_date."""

from __future__ import annotations

import csv
import shutil
from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import duckdb
import pytest

from conftest import PROJECT_DIR, dbt, generate

AS_OF = "2026-01-31"
DATA = {"customers": 420, "days": 120, "as_of": AS_OF, "seed": 41, "bad_rate": 0.0}
IGNORE = shutil.ignore_patterns(
    ".venv", ".git", "target", "logs", "warehouse", "reports", "*.duckdb*", "__pycache__", ".pytest_cache"
)
MULTI, SOLO = "ZZ-MULTI-REGION", "ZZ-SOLO"
# strategic windows written into the copy of seeds/strategic_groups.csv: (from, to)
ENDS_THIS_MONTH = ("2019-03-01", AS_OF)  # the group MULTI: ends on as_of_date, the month's last day
ENDS_NEXT_MONTH = ("2021-06-15", "2026-02-01")  # an existing group: still on the list after the month
ENDED_YESTERDAY = ("2018-01-01", "2026-01-30")  # another existing group: off the list on as_of_date
TIER_ORDER = ["strategic", "large", "medium", "small", "above_scale", "below_scale"]
RISK_ORDER = ["high", "medium", "low", "not_rated"]
MIX = {
    ("customer", "important"): "important_customers",
    ("customer", "quality"): "quality_customers",
    ("customer", "ordinary"): "ordinary_customers",
    ("customer", "exit"): "exit_customers",
    ("prospect", "gold"): "gold_prospects",
    ("prospect", "potential"): "potential_prospects",
    ("prospect", "watch"): "watch_prospects",
    ("prospect", "general"): "general_prospects",
}
CENT = Decimal("0.01")
EIGHT = Decimal("0.00000001")


def read_csv(path: Path) -> list[dict]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def write_csv(path: Path, rows: list[dict]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


@dataclass
class Groups:
    database: Path
    project: Path
    multi_customers: list[str]
    multi_prospect: str
    solo_customer: str
    ends_next_month: str
    ended_yesterday: str

    def rows(self, sql: str) -> list[dict]:
        with duckdb.connect(str(self.database), read_only=True) as con:
            cursor = con.execute(sql)
            names = [d[0] for d in cursor.description]
            return [dict(zip(names, r, strict=True)) for r in cursor.fetchall()]


def shape_raw_data(database: Path) -> tuple[list[str], str, str, list[str]]:
    """Puts four customers with a CNY credit balance and a deposit balance on as_of_date, of two
    regions, and one open prospect into group MULTI, and one such customer alone into group SOLO;
    returns them, and the strategic groups that already have members (for the other windows)."""
    with duckdb.connect(str(database)) as con:
        candidates = con.execute(
            """
            select trim(c.customer_id), min(trim(b.region_code))
            from raw.ecif_customers as c
            inner join raw.ecif_branches as b on trim(c.branch_id) = trim(b.branch_id)
            where lower(trim(c.status)) = 'active' and c.group_id is null
                and trim(c.customer_id) in (select trim(customer_id) from raw.ecif_customers group by 1 having count(*) = 1)
                and c.relationship_start_date < cast(? as date) - 400
                and trim(c.customer_id) in (
                    select trim(l.customer_id) from raw.credit_loans as l
                    inner join raw.credit_loan_balances as lb on trim(l.loan_id) = trim(lb.loan_id)
                    where lb.balance_date = cast(? as date) and lb.outstanding_balance > 0
                        and l.currency = 'CNY'
                )
                and trim(c.customer_id) in (
                    select trim(a.customer_id) from raw.core_deposit_accounts as a
                    inner join raw.core_deposit_balances as db on trim(a.account_id) = trim(db.account_id)
                    where db.balance_date = cast(? as date) and db.balance > 0
                )
            group by trim(c.customer_id)
            order by trim(c.customer_id)
            """,
            [AS_OF, AS_OF, AS_OF],
        ).fetchall()
        by_region: dict[str, list[str]] = defaultdict(list)
        for customer, region in candidates:
            by_region[region].append(customer)
        regions = sorted(by_region, key=lambda r: (-len(by_region[r]), r))
        assert len(regions) >= 2 and len(by_region[regions[0]]) >= 4, "the data set has too few borrowers"
        # four customers of two regions (two and two when the second region has two), then one alone
        second = min(2, len(by_region[regions[1]]))
        multi = by_region[regions[0]][: 4 - second] + by_region[regions[1]][:second]
        solo = by_region[regions[0]][4 - second]
        [(prospect,)] = con.execute(
            """
            select min(trim(prospect_id)) from raw.crm_prospects
            where lower(trim(status)) = 'open' and created_date < cast(? as date) - 30
                and trim(uscc) not in (select trim(uscc) from raw.ecif_customers where uscc is not null)
            """,
            [AS_OF],
        ).fetchall()
        con.execute(
            "update raw.ecif_customers set group_id = ? where trim(customer_id) in (select unnest(?))",
            [MULTI, multi],
        )
        con.execute("update raw.ecif_customers set group_id = ? where trim(customer_id) = ?", [SOLO, solo])
        con.execute("update raw.crm_prospects set group_id = ? where trim(prospect_id) = ?", [MULTI, prospect])
        grouped = [
            g
            for (g,) in con.execute(
                """select trim(group_id) from raw.ecif_customers
                   where group_id is not null and lower(trim(status)) = 'active'
                   group by 1 order by count(*) desc, 1"""
            ).fetchall()
            if g not in (MULTI, SOLO)
        ]
    return multi, prospect, solo, grouped


@pytest.fixture(scope="module")
def groups(tmp_path_factory) -> Groups:
    folder = tmp_path_factory.mktemp("groups")
    project = folder / "project"
    shutil.copytree(PROJECT_DIR, project, ignore=IGNORE)
    database = folder / "warehouse.duckdb"
    generate(database, **DATA)
    multi, prospect, solo, grouped = shape_raw_data(database)
    seed = project / "seeds" / "strategic_groups.csv"
    rows = read_csv(seed)
    listed = {r["group_id"] for r in rows}
    ends_next_month, ended_yesterday = [g for g in grouped if g in listed][:2]
    for row in rows:
        if row["group_id"] == ends_next_month:
            row["effective_from"], row["effective_to"] = ENDS_NEXT_MONTH
        if row["group_id"] == ended_yesterday:
            row["effective_from"], row["effective_to"] = ENDED_YESTERDAY
    rows.append({"group_id": MULTI, "group_name": "测试跨区域集团", "effective_from": ENDS_THIS_MONTH[0],
                 "effective_to": ENDS_THIS_MONTH[1]})  # fmt: skip
    write_csv(seed, rows)
    target = folder / "target"
    dbt(database, "seed", cwd=project, target_path=target)
    dbt(database, "run", cwd=project, target_path=target)
    dbt(
        database, "test", "--select", "fct_group_summary", "fct_group_members", "int_group_members__collected",
        "int_customer_exposures__weighted", cwd=project, target_path=target,
    )  # fmt: skip
    return Groups(database, project, multi, prospect, solo, ends_next_month, ended_yesterday)


def expected_members(groups: Groups) -> dict[str, list[dict]]:
    """Every group's members with their figures, from the customer and prospect marts, the
    staged group_ids and the intermediate credit facts (never from the group marts)."""
    customers = {
        r["customer_id"]: r
        for r in groups.rows(
            f"""
            select s.customer_id, s.region_code, s.tier_code, s.segment_code, s.risk_grade,
                m.credit_balance_cny, m.deposit_adb_cny, p.profit_contribution, c.group_id
            from marts.fct_customer_segments as s
            inner join marts.fct_customer_metrics as m
                on s.customer_id = m.customer_id and m.as_of_date = s.as_of_date
            inner join marts.fct_customer_profitability as p
                on s.customer_id = p.customer_id and p.as_of_date = s.as_of_date
            inner join staging.stg_ecif__customers as c on s.customer_id = c.customer_id
            where s.as_of_date = date '{AS_OF}'
            """
        )
    }
    exposures = exposures_by_customer(groups)
    members: dict[str, list[dict]] = defaultdict(list)
    for customer_id, row in customers.items():
        if row["group_id"] is not None:
            members[row["group_id"]].append(
                {**row, "member_type": "customer", "member_id": customer_id,
                 "credit_exposure_cny": exposures.get(customer_id, Decimal(0))}
            )  # fmt: skip
    for row in groups.rows(
        f"""
        select s.prospect_id, s.region_code, s.tier_code, s.segment_code, p.group_id
        from marts.fct_prospect_segments as s
        inner join staging.stg_crm__prospects as p on s.prospect_id = p.prospect_id
        where s.as_of_date = date '{AS_OF}' and p.group_id is not null
        """
    ):
        members[row["group_id"]].append({**row, "member_type": "prospect", "member_id": row["prospect_id"]})
    return members


def exposures_by_customer(groups: Groups) -> dict[str, Decimal]:
    """Credit exposure (§14.1): each exposure's CNY balance on as_of_date times its CCF, per customer,
    rounded half up to cents."""
    sums: dict[str, Decimal] = defaultdict(Decimal)
    for row in groups.rows(
        """
        select l.customer_id, l.credit_balance_cny, e.ccf
        from intermediate.int_credit_loans__aggregated as l
        inner join intermediate.int_credit_exposures__enriched as e on l.loan_id = e.loan_id
        """
    ):
        sums[row["customer_id"]] += Decimal(row["credit_balance_cny"]) * Decimal(row["ccf"])
    return {c: s.quantize(CENT, rounding=ROUND_HALF_UP) for c, s in sums.items()}


def summary(groups: Groups) -> dict[str, dict]:
    return {
        r["group_id"]: r
        for r in groups.rows(f"select * from marts.fct_group_summary where as_of_date = date '{AS_OF}'")
    }


def member_rows(groups: Groups) -> list[dict]:
    return groups.rows(f"select * from marts.fct_group_members where as_of_date = date '{AS_OF}'")


def test_group_totals_are_the_sums_of_their_members(groups):
    expected = expected_members(groups)
    actual = summary(groups)
    assert set(actual) == set(expected)
    for group_id, members in expected.items():
        customers = [m for m in members if m["member_type"] == "customer"]
        row = actual[group_id]
        assert row["customer_members"] == len(customers), group_id
        assert row["prospect_members"] == len(members) - len(customers), group_id
        assert row["region_count"] == len({m["region_code"] for m in members}), group_id
        for column in ("credit_balance_cny", "credit_exposure_cny", "deposit_adb_cny", "profit_contribution"):
            assert row[column] == sum((Decimal(m[column]) for m in customers), Decimal(0)), (group_id, column)
        assert row["highest_tier_code"] == min((m["tier_code"] for m in members), key=TIER_ORDER.index)
        grades = [m["risk_grade"] for m in customers]
        assert row["worst_risk_grade"] == (min(grades, key=RISK_ORDER.index) if grades else None), group_id
        for (member_type, segment), column in MIX.items():
            count = sum(1 for m in members if m["member_type"] == member_type and m["segment_code"] == segment)
            assert row[column] == count, (group_id, column)
        assert sum(row[column] for column in MIX.values()) == len(members), group_id
    # the shaped groups are in it with the members given to them
    assert actual[MULTI]["customer_members"] == 4 and actual[MULTI]["prospect_members"] == 1
    assert actual[SOLO]["customer_members"] == 1 and actual[SOLO]["prospect_members"] == 0


def test_each_member_row_is_the_member_and_its_share_of_the_group(groups):
    expected = {(g, m["member_type"], m["member_id"]): m for g, ms in expected_members(groups).items() for m in ms}
    rows = member_rows(groups)
    assert {(r["group_id"], r["member_type"], r["member_id"]) for r in rows} == set(expected)
    totals: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
    for (group_id, member_type, _), member in expected.items():
        if member_type == "customer":
            for column in ("credit_exposure_cny", "deposit_adb_cny", "profit_contribution"):
                totals[group_id, column] += Decimal(member[column])
    for row in rows:
        member = expected[row["group_id"], row["member_type"], row["member_id"]]
        for column in ("region_code", "tier_code", "segment_code"):
            assert row[column] == member[column], (row["member_id"], column)
        for figure, share in (
            ("credit_exposure_cny", "credit_exposure_share"),
            ("deposit_adb_cny", "deposit_adb_share"),
            ("profit_contribution", "profit_share"),
        ):
            if row["member_type"] == "prospect":
                assert row[figure] is None and row[share] is None, row["member_id"]
                continue
            assert row[figure] == Decimal(member[figure]), (row["member_id"], figure)
            total = totals[row["group_id"], figure]
            if total == 0:
                assert row[share] is None, (row["member_id"], share)
            else:
                quotient = (Decimal(member[figure]) / total).quantize(EIGHT, rounding=ROUND_HALF_UP)
                assert row[share] == quotient, (row["member_id"], share)


def test_member_shares_add_up_to_one_per_group(groups):
    shares: dict[tuple[str, str], list[Decimal | None]] = defaultdict(list)
    for row in member_rows(groups):
        if row["member_type"] == "customer":
            for share in ("credit_exposure_share", "deposit_adb_share", "profit_share"):
                shares[row["group_id"], share].append(row[share])
    checked = 0
    for (group_id, share), values in shares.items():
        if all(v is None for v in values):
            continue  # the group's total is 0
        assert None not in values, (group_id, share)
        # each share is rounded to 8 decimals: the sum is 1 within half a unit per member
        assert abs(sum(values) - 1) <= Decimal("0.000000005") * len(values), (group_id, share, sum(values))
        checked += 1
    assert checked >= 3
    multi = [v for (g, s), vs in shares.items() if g == MULTI and s == "deposit_adb_share" for v in vs]
    assert len(multi) == 4 and all(0 < v < 1 for v in multi)


def test_a_group_with_one_member(groups):
    row = summary(groups)[SOLO]
    [member] = [r for r in member_rows(groups) if r["group_id"] == SOLO]
    assert member["member_type"] == "customer" and member["member_id"] == groups.solo_customer
    assert (row["customer_members"], row["prospect_members"], row["region_count"]) == (1, 0, 1)
    assert row["credit_exposure_cny"] == member["credit_exposure_cny"] > 0
    assert row["deposit_adb_cny"] == member["deposit_adb_cny"] > 0
    assert row["profit_contribution"] == member["profit_contribution"]
    assert member["credit_exposure_share"] == member["deposit_adb_share"] == 1
    assert member["profit_share"] == (1 if member["profit_contribution"] != 0 else None)
    assert row["highest_tier_code"] == member["tier_code"]
    assert row["worst_risk_grade"] == member["risk_grade"]


def test_a_group_with_members_in_several_regions(groups):
    members = [r for r in member_rows(groups) if r["group_id"] == MULTI]
    regions = {
        r["customer_id"]: r["region_code"]
        for r in groups.rows(
            f"select customer_id, region_code from marts.fct_customer_segments where as_of_date = date '{AS_OF}'"
        )
    }
    customers = [m for m in members if m["member_type"] == "customer"]
    assert sorted(m["member_id"] for m in customers) == sorted(groups.multi_customers)
    assert all(m["region_code"] == regions[m["member_id"]] for m in customers)
    assert len({m["region_code"] for m in customers}) == 2
    assert summary(groups)[MULTI]["region_count"] == len({m["region_code"] for m in members}) >= 2
    [prospect] = [m for m in members if m["member_type"] == "prospect"]
    assert prospect["member_id"] == groups.multi_prospect


def test_strategic_windows_and_one_that_ends_within_the_month(groups):
    rows = summary(groups)
    multi, later, ended = rows[MULTI], rows[groups.ends_next_month], rows[groups.ended_yesterday]
    assert multi["is_strategic"] and multi["is_strategic_ending_this_month"]
    assert (str(multi["strategic_since"]), str(multi["strategic_until"])) == ENDS_THIS_MONTH
    assert multi["group_name"] == "测试跨区域集团"
    assert later["is_strategic"] and not later["is_strategic_ending_this_month"]
    assert (str(later["strategic_since"]), str(later["strategic_until"])) == ENDS_NEXT_MONTH
    assert not ended["is_strategic"] and not ended["is_strategic_ending_this_month"]
    assert ended["strategic_since"] is None and ended["strategic_until"] is None
    assert not rows[SOLO]["is_strategic"] and rows[SOLO]["group_name"] is None
    # every group reads the seed copy as the tiering does: strategic exactly when its customers are
    windows = {r["group_id"]: r for r in read_csv(groups.project / "seeds" / "strategic_groups.csv")}
    flags = groups.rows(
        f"""select c.group_id, bool_and(s.is_strategic) as all_strategic, bool_or(s.is_strategic) as any_strategic
            from marts.fct_customer_segments as s
            inner join staging.stg_ecif__customers as c on s.customer_id = c.customer_id
            where s.as_of_date = date '{AS_OF}' and c.group_id is not null group by c.group_id"""
    )
    for flag in flags:
        window = windows.get(flag["group_id"])
        on_list = bool(window) and window["effective_from"] <= AS_OF and (window["effective_to"] or "9999") >= AS_OF
        row = rows[flag["group_id"]]
        assert row["is_strategic"] == on_list == flag["all_strategic"] == flag["any_strategic"], flag
        ending = on_list and bool(window["effective_to"]) and window["effective_to"][:7] == AS_OF[:7]
        assert row["is_strategic_ending_this_month"] == ending, flag
        assert str(row["strategic_since"]) == (window["effective_from"] if on_list else "None"), flag


def test_concentration_is_the_group_exposure_over_the_bank_exposure(groups):
    exposures = exposures_by_customer(groups)
    in_scope = [
        r["customer_id"]
        for r in groups.rows(f"select customer_id from marts.fct_customer_segments where as_of_date = date '{AS_OF}'")
    ]
    bank = sum((exposures.get(c, Decimal(0)) for c in in_scope), Decimal(0))
    assert bank > 0
    rows = summary(groups)
    for group_id, row in rows.items():
        expected = (row["credit_exposure_cny"] / bank).quantize(EIGHT, rounding=ROUND_HALF_UP)
        assert row["exposure_concentration"] == expected, group_id
    # the grouped customers are a part of the bank: the denominator is not the groups' sum
    grouped = sum((r["credit_exposure_cny"] for r in rows.values()), Decimal(0))
    assert grouped < bank
    assert sum(r["exposure_concentration"] for r in rows.values()) < 1
    assert rows[MULTI]["exposure_concentration"] > 0
