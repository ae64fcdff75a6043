"""Any text in any raw column is staged or rejected, never a crash: unreadable and
non-finite values are wrong_type, amounts beyond max_plausible_amount_cny are
implausible_amount, and no expression that reads a raw column (a test's `where`
included) stops the build."""

from __future__ import annotations

import csv
import json
from collections import Counter
from decimal import Decimal

import duckdb
import pytest
from generate_demo_data import (
    CONTRACT,
    UNREADABLE_DATES,
    UNREADABLE_KEY_BLANKS,
    UNREADABLE_NUMBERS,
)

from conftest import PROJECT_DIR, dbt, generate


def staged_model(table: str) -> str:
    system, _, name = table.partition("_")
    return f"staging.stg_{system}__{name}"


def test_text_fixture_meets_every_unreadable_value_in_every_date_and_number_column(text_warehouse):
    """The text fixture (built with check=True, so its dbt build exited 0) holds an
    unreadable value in every date and number column of every raw table, and every value
    of the lists somewhere in each table that has columns of its kind."""
    planted = [p for p in text_warehouse.manifest["planted"] if "value" in p]
    by_table: dict[str, set[tuple[str, str]]] = {}
    for p in planted:
        by_table.setdefault(p["table"], set()).add((p["column"], p["value"]))
    for table, (columns, key) in CONTRACT.items():
        for kinds, values in ((("DATE", "TIMESTAMP"), UNREADABLE_DATES), (("DECIMAL", "INTEGER"), UNREADABLE_NUMBERS)):
            of_kind = [c for c, typ in columns if typ.startswith(kinds)]
            if not of_kind:
                continue
            seen = by_table.get(table, set())
            assert {c for c, _ in seen} >= set(of_kind), (table, of_kind)
            assert {v for _, v in seen} >= set(values), table
            for column in of_kind:
                if column in key:
                    assert {v for c, v in seen if c == column} >= set(UNREADABLE_KEY_BLANKS), (table, column)
    # the values are in the raw tables as planted
    for p in planted[:: max(1, len(planted) // 40)]:
        (count,) = text_warehouse.query(f"select count(*) from raw.{p['table']} where {p['column']} = ?", [p["value"]])[
            0
        ]
        assert count >= 1, p


def test_every_unreadable_value_is_rejected_with_its_reason(text_warehouse):
    planted = Counter(
        (p["table"], p["record_key"], p["reason_code"]) for p in text_warehouse.manifest["planted"] if "value" in p
    )
    assert planted
    got = Counter(text_warehouse.query("select source_table, record_key, reason_code from marts.dq_rejected_rows"))
    missing = planted - got
    assert not missing, f"not rejected with their reason: {list(missing)[:10]}"
    reasons = {r for _, _, r in planted}
    assert reasons == {"wrong_type", "implausible_amount", "null_primary_key"}


def test_every_raw_row_of_the_text_fixture_is_staged_or_rejected(text_warehouse):
    """On text data with unreadable values in every table that has date or number columns."""
    unreadable = {p["table"] for p in text_warehouse.manifest["planted"] if "value" in p}
    assert unreadable == {t for t, (columns, _) in CONTRACT.items() if any(typ != "VARCHAR" for _, typ in columns)}
    for table in CONTRACT:
        (raw,) = text_warehouse.query(f"select count(*) from raw.{table}")[0]
        (staged,) = text_warehouse.query(f"select count(*) from {staged_model(table)}")[0]
        (rejected,) = text_warehouse.query(
            "select count(*) from marts.dq_rejected_rows where source_table = ?", [table]
        )[0]
        assert raw == staged + rejected, (table, raw, staged, rejected)


@pytest.fixture(scope="module")
def small_text(tmp_path_factory):
    folder = tmp_path_factory.mktemp("raw_text_where")
    database = folder / "warehouse.duckdb"
    generate(database, customers=40, days=35, as_of="2026-03-31", seed=23, bad_rate=0.0, raw_as_text=True)
    with duckdb.connect(str(database)) as con:
        con.execute(
            "update raw.core_transactions set txn_date = '2026-02-30' "
            "where txn_id = (select min(txn_id) from raw.core_transactions)"
        )
    return database


def test_a_source_test_where_survives_an_impossible_text_date(small_text, tmp_path):
    """The source tests of core_transactions (unique and not_null on txn_id) filter by
    `where: __reprocessed_days__(txn_date)`, which reads txn_date as a date: 2026-02-30
    must not end them in a conversion error."""
    result = dbt(
        small_text,
        "test",
        "--select",
        "source_unique_core_transactions_txn_id",
        "source_not_null_core_transactions_txn_id",
        target_path=tmp_path / "target",
        check=False,
    )
    assert result.returncode == 0, result.stdout[-3000:]
    assert "Conversion Error" not in result.stdout
    assert "ERROR=0 SKIP=0" in result.stdout, result.stdout[-2000:]


def test_source_freshness_survives_an_impossible_text_date(small_text, tmp_path):
    """Freshness reads txn_date through `cast(txn_date as timestamp)`: 2026-02-30 is
    skipped, and the latest readable day is the table's load date."""
    result = dbt(
        small_text,
        "source",
        "freshness",
        "--select",
        "source:core.transactions",
        target_path=tmp_path / "target",
        check=False,
    )
    assert "Conversion Error" not in result.stdout, result.stdout[-3000:]
    results = json.loads((tmp_path / "target" / "sources.json").read_text(encoding="utf-8"))["results"]
    assert [r["max_loaded_at"][:10] for r in results] == ["2026-03-31"], results


def max_plausible_amount() -> Decimal:
    with open(PROJECT_DIR / "seeds" / "parameters.csv", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["parameter_name"] == "max_plausible_amount_cny" and row["scope_type"] == "global":
                return Decimal(row["value"])
    raise AssertionError("parameters.csv has no global max_plausible_amount_cny")


@pytest.fixture(scope="module")
def implausible_warehouse(tmp_path_factory):
    """A small typed warehouse with a loan balance of 10^14 CNY, a deposit balance of
    999,999,999,999,999,999.99 (inside DECIMAL(20,2)), and a transaction amount column
    landed as DOUBLE holding inf and NaN."""
    folder = tmp_path_factory.mktemp("implausible")
    database = folder / "warehouse.duckdb"
    generate(database, customers=60, days=45, as_of="2026-03-31", seed=29, bad_rate=0.0)
    with duckdb.connect(str(database)) as con:
        loan_id, loan_day = con.execute(
            "select loan_id, max(balance_date) from raw.credit_loan_balances group by loan_id order by loan_id limit 1"
        ).fetchone()
        con.execute(
            "update raw.credit_loan_balances set outstanding_balance = 100000000000000 "
            "where loan_id = ? and balance_date = ?",
            [loan_id, loan_day],
        )
        account_id, account_day = con.execute(
            "select account_id, max(balance_date) from raw.core_deposit_balances group by account_id "
            "order by account_id limit 1"
        ).fetchone()
        con.execute(
            "update raw.core_deposit_balances set balance = 999999999999999999.99 "
            "where account_id = ? and balance_date = ?",
            [account_id, account_day],
        )
        con.execute("alter table raw.core_transactions alter amount type double")
        txns = [
            r[0] for r in con.execute("select txn_id from raw.core_transactions order by txn_id limit 3").fetchall()
        ]
        for txn_id, value in zip(txns, ["inf", "-inf", "nan"]):
            con.execute("update raw.core_transactions set amount = cast(? as double) where txn_id = ?", [value, txn_id])
    dbt(database, "build", "--exclude", "resource_type:unit_test", target_path=folder / "target")
    keys = {"loan": f"{loan_id}|{loan_day}", "deposit": f"{account_id}|{account_day}", "txns": txns}
    return database, keys


def test_amounts_beyond_the_plausible_bound_are_rejected(implausible_warehouse):
    database, keys = implausible_warehouse
    assert max_plausible_amount() < Decimal("1e14")
    with duckdb.connect(str(database), read_only=True) as con:
        rows = {
            (t, k): (r, why)
            for t, k, r, why in con.execute(
                "select source_table, record_key, reason_code, reason from marts.dq_rejected_rows"
            ).fetchall()
        }
        assert rows[("credit_loan_balances", keys["loan"])][0] == "implausible_amount"
        assert "outstanding_balance" in rows[("credit_loan_balances", keys["loan"])][1]
        assert rows[("core_deposit_balances", keys["deposit"])][0] == "implausible_amount"
        assert "balance" in rows[("core_deposit_balances", keys["deposit"])][1]
        (largest,) = con.execute(
            "select max(abs(outstanding_balance)) from staging.stg_credit__loan_balances"
        ).fetchone()
        assert largest <= max_plausible_amount()
        (largest,) = con.execute("select max(balance) from staging.stg_core__deposit_balances").fetchone()
        assert largest <= max_plausible_amount()


def test_non_finite_numbers_in_a_double_column_are_wrong_type(implausible_warehouse):
    database, keys = implausible_warehouse
    with duckdb.connect(str(database), read_only=True) as con:
        rows = {
            (t, k): (r, why)
            for t, k, r, why in con.execute(
                "select source_table, record_key, reason_code, reason from marts.dq_rejected_rows"
            ).fetchall()
        }
        for txn_id in keys["txns"]:
            assert rows[("core_transactions", txn_id)] == ("wrong_type", "amount does not convert to its type")
        (staged,) = con.execute(
            f"select count(*) from staging.stg_core__transactions where txn_id in ({', '.join('?' * 3)})", keys["txns"]
        ).fetchone()
        assert staged == 0
