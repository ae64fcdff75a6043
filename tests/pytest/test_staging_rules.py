"""The finer points of staging on hand-made raw rows: the survivor among copies of a
key, trimming and case normalisation, the order of reasons, and the USCC check."""

from __future__ import annotations

import datetime as dt
import re

import duckdb
import pytest
from generate_demo_data import CONTRACT

from conftest import dbt

USCC_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def uscc_is_valid(code: str | None) -> bool:
    """Independent implementation of GB 32100-2015's position-18 check."""
    if code is None or len(code) != 18 or any(c not in USCC_CHARSET for c in code):
        return False
    if not code[2:8].isdigit():
        return False
    total = sum(USCC_CHARSET.index(c) * pow(3, i, 31) for i, c in enumerate(code[:17]))
    return (31 - total % 31) % 31 == USCC_CHARSET.index(code[17])


CUSTOMERS = [
    # customer_id, name, uscc, kind, industry, branch, group, start, status, closed, xb, vip, updated_at
    (
        "C1",
        "old name",
        "91110108MA01KT3PXE",
        "enterprise",
        "C3311",
        "B1",
        None,
        "2015-01-01",
        "active",
        None,
        False,
        False,
        "2024-01-01 00:00:00",
    ),
    (
        "C1",
        "new name",
        "91110108MA01KT3PXE",
        "enterprise",
        "C3311",
        "B1",
        None,
        "2015-01-01",
        "active",
        None,
        False,
        False,
        "2024-06-01 00:00:00",
    ),
    (
        " C2 ",
        "closed ok",
        "91350100M000100Y43",
        "Enterprise ",
        " k7010 ",
        "B1",
        "G1",
        "2010-05-05",
        " CLOSED ",
        "2020-01-01",
        True,
        True,
        "2024-01-01 00:00:00",
    ),
    (
        "C3",
        "closed, no date",
        None,
        "enterprise",
        "F51",
        "B1",
        None,
        "2010-05-05",
        "closed",
        None,
        False,
        False,
        "2024-01-01 00:00:00",
    ),
    (
        "C4",
        "bad kind and closed without date",
        "91110108MA01KT3PXA",
        "corporation",
        "F51",
        "B1",
        None,
        "2010-05-05",
        "closed",
        None,
        False,
        False,
        "2024-01-01 00:00:00",
    ),
    # the later copy survives and is then rejected for its own reason; the earlier is the duplicate
    (
        "C5",
        "earlier copy",
        "91110108ma01kt3pxe",
        "enterprise",
        "F51",
        "B1",
        None,
        "2010-05-05",
        "active",
        None,
        False,
        False,
        "2024-01-01 00:00:00",
    ),
    (
        "C5",
        "later copy",
        "91110108MA01KT3PXE",
        "alien",
        "F51",
        "B1",
        None,
        "2010-05-05",
        "active",
        None,
        False,
        False,
        "2025-01-01 00:00:00",
    ),
    (
        "C6",
        "too early",
        "91110108MA01KT3PXE",
        "government",
        "S92",
        "B1",
        None,
        "1899-12-31",
        "active",
        None,
        False,
        False,
        "2024-01-01 00:00:00",
    ),
    (
        "C7",
        "closed before start",
        "91110108MA01KT3PXE",
        "enterprise",
        "F51",
        "B1",
        None,
        "2010-05-05",
        "closed",
        "2009-01-01",
        False,
        False,
        "2024-01-01 00:00:00",
    ),
    (
        "  ",
        "blank key",
        None,
        "enterprise",
        "F51",
        "B1",
        None,
        "2010-05-05",
        "active",
        None,
        False,
        False,
        "2024-01-01 00:00:00",
    ),
    (
        "C8",
        "no branch",
        None,
        "enterprise",
        "F51",
        "B9",
        None,
        "2010-05-05",
        "active",
        None,
        False,
        False,
        "2024-01-01 00:00:00",
    ),
    (
        "C9",
        "no USCC",
        None,
        "enterprise",
        "F51",
        "B1",
        None,
        "2010-05-05",
        "active",
        None,
        False,
        False,
        "2024-01-01 00:00:00",
    ),
    (
        "C10",
        "typo in USCC",
        "91110108MA01KT3PX3",
        "enterprise",
        "F51",
        "B1",
        None,
        "2010-05-05",
        "active",
        None,
        False,
        False,
        "2024-01-01 00:00:00",
    ),
]
BRANCHES = [("B1", "second", "R1", "Region"), (" B1 ", "first", "R1", "Region")]
ACCOUNTS = [
    # account_id, customer_id, nature, product, currency, customer_rate, ftp_rate, open, close
    ("A1", "C1", "basic", "demand_deposit", "CNY", 0.0005, 0.018, "2015-01-01", None),
    ("A1", "C1", "basic", "demand_deposit", "CNY", 0.0005, 0.018, "2015-01-01", None),
    ("A2", "C3", "basic", "demand_deposit", "CNY", 0.0005, 0.018, "2015-01-01", None),
    ("A3", "C1", "general", "Gold_Deposit", "CNY", 0.0005, 0.018, "2015-01-01", None),
    ("A4", "C1", "SAVINGS", "demand_deposit", "CNY", 0.0005, 0.018, "2015-01-01", None),
    ("A5", "C1", "general", "time_deposit", "USD", 0.0005, 0.018, "2015-01-01", "2014-12-31"),
    (" A6 ", "C1 ", " General", " TIME_DEPOSIT", "usd ", 0.001, 0.012, "2016-01-01", "2016-01-01"),
    ("A7", " C2", "general", "time_deposit", "EUR", 0.001, 0.012, "2011-01-01", "2019-12-31"),
]
BALANCES = [
    ("A1", "2024-01-01", 100.00),
    ("A1", "2024-01-01", 100.00),
    ("A1", "2024-01-02", -5.00),
    ("A2", "2024-01-01", 5.00),
    ("A1", None, 1.00),
    ("A7", "2019-01-01", 7.50),
]
# The optional tables: a row names exactly one party (customer or prospect); the
# handmade data has no prospect, C1 is staged, C3 rejected, B1 staged.
MANAGERS = [
    # assignment_id, customer_id, prospect_id, manager_id, manager_name, branch_id, role, from, to
    ("M1", "C1", None, "E1", "王一", "B1", "primary", "2020-01-01", None),
    (" M2 ", " C1 ", None, "E2", "李二", " B1 ", " Secondary ", "2021-01-01", "2021-12-31"),
    ("M3", "C1", "P1", "E1", "王一", "B1", "primary", "2020-01-01", None),
    ("M4", None, " ", "E1", "王一", "B1", "primary", "2020-01-01", None),
    ("M5", None, None, "E1", "王一", "B1", "lead", "2020-01-01", None),
    ("M6", "C1", "P1", "E1", "王一", "B1", "primary", "2020-01-01", "2019-12-31"),
    ("M7", "C3", None, "E1", "王一", "B1", "primary", "2020-01-01", None),
    ("M8", "C1", None, "E1", "王一", "B9", "primary", "2020-01-01", None),
    ("M9", None, "P1", "E1", "王一", "B1", "primary", "2020-01-01", None),
]
VISITS = [
    # visit_id, customer_id, prospect_id, manager_id, visit_date, channel, summary
    ("V1", "C1", None, "E9", "2024-03-01", "on_site", "年度回访"),
    ("V2", " C1 ", None, "E1", "2024-03-02", " PHONE ", None),
    ("V3", "C1", "P1", "E1", "2024-03-03", "video", None),
    ("V4", None, None, "E1", "2024-03-04", "event", None),
    ("V5", None, None, "E1", "2024-03-05", "fax", None),
    ("V6", "C3", None, "E1", "2024-03-06", "other", None),
    ("V7", "C1", None, "E1", "1899-12-31", "other", None),
]
EXPECTED = {
    ("crm_customer_managers", "M3"): "orphan_foreign_key",  # both parties
    ("crm_customer_managers", "M4"): "orphan_foreign_key",  # no party (a blank is missing)
    ("crm_customer_managers", "M5"): "unknown_code",  # its own reason comes before the party check
    ("crm_customer_managers", "M6"): "impossible_date",
    ("crm_customer_managers", "M7"): "orphan_foreign_key",  # its customer is rejected
    ("crm_customer_managers", "M8"): "orphan_foreign_key",  # its branch is not staged
    ("crm_customer_managers", "M9"): "orphan_foreign_key",  # its prospect is not staged
    ("crm_visits", "V3"): "orphan_foreign_key",
    ("crm_visits", "V4"): "orphan_foreign_key",
    ("crm_visits", "V5"): "unknown_code",
    ("crm_visits", "V6"): "orphan_foreign_key",
    ("crm_visits", "V7"): "impossible_date",
    ("ecif_branches", "B1"): "duplicate_primary_key",
    ("ecif_customers", "C1"): "duplicate_primary_key",
    ("ecif_customers", "C3"): "closed_without_closed_date",
    ("ecif_customers", "C4"): "unknown_code",
    ("ecif_customers", "C5"): ["duplicate_primary_key", "unknown_code"],
    ("ecif_customers", "C6"): "impossible_date",
    ("ecif_customers", "C7"): "impossible_date",
    ("ecif_customers", ""): "null_primary_key",
    ("ecif_customers", "C8"): "orphan_foreign_key",
    ("core_deposit_accounts", "A1"): "duplicate_primary_key",
    ("core_deposit_accounts", "A2"): "orphan_foreign_key",
    ("core_deposit_accounts", "A3"): "orphan_foreign_key",
    ("core_deposit_accounts", "A4"): "unknown_code",
    ("core_deposit_accounts", "A5"): "impossible_date",
    ("core_deposit_balances", "A1|2024-01-01"): "duplicate_primary_key",
    ("core_deposit_balances", "A1|2024-01-02"): "negative_balance",
    ("core_deposit_balances", "A2|2024-01-01"): "orphan_foreign_key",
    ("core_deposit_balances", "A1|"): "null_primary_key",
}


@pytest.fixture(scope="module")
def handmade(tmp_path_factory):
    folder = tmp_path_factory.mktemp("handmade")
    database = folder / "warehouse.duckdb"
    with duckdb.connect(str(database)) as con:
        con.execute("create schema raw")
        for table, (columns, _) in CONTRACT.items():
            con.execute(f"create table raw.{table} ({', '.join(f'{c} {t}' for c, t in columns)})")
        for table, rows in [
            ("ecif_branches", BRANCHES),
            ("ecif_customers", CUSTOMERS),
            ("core_deposit_accounts", ACCOUNTS),
            ("core_deposit_balances", BALANCES),
            ("crm_customer_managers", MANAGERS),
            ("crm_visits", VISITS),
        ]:
            marks = ", ".join("?" for _ in rows[0])
            con.executemany(f"insert into raw.{table} values ({marks})", rows)
    dbt(database, "build", target_path=folder / "target")
    return database


def query(database, sql):
    with duckdb.connect(str(database), read_only=True) as con:
        return con.execute(sql).fetchall()


def test_each_bad_row_gets_the_first_reason_that_applies(handmade):
    got: dict[tuple, list[str]] = {}
    for table, key, reason in query(
        handmade, "select source_table, record_key, reason_code from marts.dq_rejected_rows"
    ):
        got.setdefault((table, key), []).append(reason)
    expected = {k: sorted(v if isinstance(v, list) else [v]) for k, v in EXPECTED.items()}
    assert {k: sorted(v) for k, v in got.items()} == expected


def test_survivor_of_copies(handmade):
    # customers: the latest updated_at survives
    assert query(handmade, "select customer_name from staging.stg_ecif__customers where customer_id = 'C1'") == [
        ("new name",)
    ]
    # other tables: the first copy when ordered by the raw values as text (' B1 ' sorts before 'B1')
    assert query(handmade, "select branch_name from staging.stg_ecif__branches") == [("first",)]


def test_managers_and_visits_name_exactly_one_staged_party(handmade):
    """Only the rows naming exactly one staged party are staged, trimmed and normalised;
    a visit's manager need not be assigned to anyone."""
    assert query(
        handmade,
        "select assignment_id, customer_id, prospect_id, branch_id, manager_role, valid_to "
        "from staging.stg_crm__customer_managers order by 1",
    ) == [
        ("M1", "C1", None, "B1", "primary", None),
        ("M2", "C1", None, "B1", "secondary", dt.date(2021, 12, 31)),
    ]
    assert query(
        handmade,
        "select visit_id, customer_id, prospect_id, manager_id, channel from staging.stg_crm__visits order by 1",
    ) == [("V1", "C1", None, "E9", "on_site"), ("V2", "C1", None, "E1", "phone")]


def test_codes_and_keys_are_trimmed_and_normalised(handmade):
    assert query(
        handmade,
        """select customer_id, customer_kind, industry_code, status
                              from staging.stg_ecif__customers where customer_id = 'C2'""",
    ) == [("C2", "enterprise", "K7010", "closed")]
    assert query(
        handmade,
        """select account_id, customer_id, account_nature, product_code, currency
                              from staging.stg_core__deposit_accounts where account_id = 'A6'""",
    ) == [("A6", "C1", "general", "time_deposit", "USD")]


def test_uscc_flags_in_staging(handmade):
    flags = dict(query(handmade, "select customer_id, dq_flags from staging.stg_ecif__customers"))
    assert flags["C1"] == ""  # the reference's worked example
    assert flags["C2"] == ""  # the standard's own example
    assert flags["C9"] == "invalid_uscc"  # missing USCC
    assert flags["C10"] == "invalid_uscc"  # wrong check character


USCC_CASES = [
    "91110108MA01KT3PXE",  # worked example of the reference: valid
    "91350100M000100Y43",  # the standard's example: valid
    "91110108MA01KT3PXA",  # wrong check character
    "91110108MA01KT3PX",  # 17 characters
    "91110108MA01KT3PXEE",  # 19 characters
    "91110108MA01KT3PIE",  # I is not in the character set
    "9111A108MA01KT3PXE",  # positions 3-8 must be digits
    "11110108MA01KT3PXE",  # other registration authority, check now wrong
    "12100000400000624D",
    "91440300MA5FXT4K8P",
    "000000000000000000",  # all zeros: check character 0 is right
]


def test_uscc_macro_agrees_with_an_independent_implementation(handmade, tmp_path):
    values = ", ".join(f"('{code}')" for code in USCC_CASES) + ", (null)"
    sql = dbt(
        handmade,
        "compile",
        "--quiet",
        "--inline",
        "select code, {{ uscc_is_valid('code') }} as is_valid from (values " + values + ") as t(code)",
        target_path=tmp_path / "target",
    ).stdout
    with duckdb.connect() as con:
        got = dict(con.execute(sql).fetchall())
    assert got == {code: uscc_is_valid(code) for code in USCC_CASES + [None]}
    assert got["91110108MA01KT3PXE"] and got["91350100M000100Y43"]
    assert not got["91110108MA01KT3PXA"] and not got[None]


def test_the_custom_generic_tests_fail_on_bad_data(handmade, tmp_path):
    """Each home-grown generic test is shown to catch what it is for, on a copy of the
    warehouse with one bad row planted in the staged balances (a table)."""
    import shutil

    database = tmp_path / "broken.duckdb"
    shutil.copy(handmade, database)
    select = ["--select", "stg_core__deposit_balances"]
    target = tmp_path / "target"
    assert dbt(database, "test", *select, target_path=target, check=False).returncode == 0
    with duckdb.connect(str(database)) as con:
        # a copy of a staged key, and a negative balance: one more staged row than raw holds
        con.execute(
            "insert into staging.stg_core__deposit_balances "
            "select account_id, balance_date, -1 from staging.stg_core__deposit_balances limit 1"
        )
    result = dbt(database, "test", *select, target_path=target, check=False)
    assert result.returncode != 0
    failed = set(re.findall(r" FAIL \d+ (\S+)", result.stdout))
    assert any(name.startswith("unique_combination_of_columns_stg_core__deposit_balances") for name in failed), failed
    assert any(name.startswith("value_between_stg_core__deposit_balances_balance") for name in failed), failed
    assert any(name.startswith("raw_rows_conserved_stg_core__deposit_balances") for name in failed), failed
