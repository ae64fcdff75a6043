"""scripts/explain.py (and `make explain`): the card of a customer or prospect from
marts.fct_customer_explanations, on the two month-ends of the history warehouse. The card
states the tier and segment that fct_customer_segments (fct_prospect_segments for a
prospect) holds for that date; an unknown id or date, or a file without the mart, stops
with exit 1 and a message that says what there is."""

from __future__ import annotations

import csv
import subprocess
from pathlib import Path

import duckdb
import pytest

from conftest import BIN, PROJECT_DIR, make_dry_run


def explain(database: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(BIN / "python"), str(PROJECT_DIR / "scripts" / "explain.py"), *args, "--database", str(database)],
        cwd=PROJECT_DIR,
        capture_output=True,
        text=True,
        check=False,
    )


def figure(card: str, label: str) -> str:
    """The value on the card's line `label` (a section's figures: two spaces, the label, then
    at least two spaces before the value)."""
    found = [
        line[len(label) + 2 :].strip()
        for line in card.splitlines()
        if line.startswith(f"  {label}  ") and line[len(label) + 2 :].strip()
    ]
    assert len(found) == 1, (label, card)
    return found[0]


def dates(warehouse) -> list:
    return [r[0] for r in warehouse.query("select distinct as_of_date from marts.fct_customer_segments order by 1")]


def test_the_card_states_the_tier_and_segment_of_fct_customer_segments(history_warehouse):
    """One customer of each tier x segment on the latest date (default as_of_date), in
    English, and the same customers on the earlier date (--as-of)."""
    latest, earlier = dates(history_warehouse)[-1], dates(history_warehouse)[0]
    customers = history_warehouse.query(
        """
        select customer_id, min(tier_code), min(segment_code) from marts.fct_customer_segments where as_of_date = ?
        and customer_id in (select min(customer_id) from marts.fct_customer_segments where as_of_date = ?
                            group by tier_code, segment_code)
        group by 1 order by 1""",
        [latest, latest],
    )
    assert len(customers) >= 4
    with open(PROJECT_DIR / "seeds" / "segment_cutoffs.csv", encoding="utf-8") as seed:
        methods = {row["method"] for row in csv.DictReader(seed)}
    for customer, tier, segment in customers:
        result = explain(history_warehouse.database, customer, "--lang", "en")
        assert result.returncode == 0, result.stderr
        card = result.stdout
        assert card.startswith(f"Customer {customer} · existing · as of {latest.isoformat()}\n"), card[:200]
        assert figure(card, "tier") == tier
        assert figure(card, "segment") == segment
        # the segment's two measures, each with the method of the cutoff it was compared with
        measures = [
            line.split() for line in card.splitlines() if line.startswith(("  profit contribution", "  bank value"))
        ]
        assert len(measures) == 2 and all(m[-1] in methods for m in measures), card
    customer = customers[0][0]
    then = history_warehouse.query(
        "select tier_code, segment_code from marts.fct_customer_segments where as_of_date = ? and customer_id = ?",
        [earlier, customer],
    )
    result = explain(history_warehouse.database, customer, "--as-of", earlier.isoformat(), "--lang", "en")
    if then:
        assert result.returncode == 0, result.stderr
        assert f"as of {earlier.isoformat()}" in result.stdout.splitlines()[0]
        assert (figure(result.stdout, "tier"), figure(result.stdout, "segment")) == then[0]
    else:  # a customer new on the latest date: the message names the date it has
        assert result.returncode == 1 and latest.isoformat() in result.stderr


def test_the_chinese_card_carries_the_marts_labels(history_warehouse):
    latest = dates(history_warehouse)[-1]
    customer, tier, tier_zh, segment, segment_zh = history_warehouse.query(
        """select customer_id, tier_code, tier_code_zh, segment_code, segment_code_zh from marts.fct_customer_segments
        where as_of_date = ? order by profit_contribution desc, customer_id limit 1""",
        [latest],
    )[0]
    zh = explain(history_warehouse.database, customer, "--lang", "zh")
    assert zh.returncode == 0, zh.stderr
    assert zh.stdout.startswith(f"客户 {customer} ·")
    assert figure(zh.stdout, "分层") == f"{tier_zh} {tier}"
    assert figure(zh.stdout, "客户群") == f"{segment_zh} {segment}"
    both = explain(history_warehouse.database, customer)
    assert both.returncode == 0, both.stderr
    assert figure(both.stdout, "tier / 分层") == f"{tier} {tier_zh}"
    # both languages: every Chinese and every English reason of the mart, on the card
    reasons = history_warehouse.query(
        """select class_reason_zh, class_reason_en, tier_reason_zh, tier_reason_en, segment_reason_zh,
        segment_reason_en from marts.fct_customer_explanations
        where as_of_date = ? and population = 'existing' and customer_id = ?""",
        [latest, customer],
    )[0]
    for reason in reasons:
        for line in reason.splitlines():
            assert line in both.stdout, line


def test_a_prospect_has_its_card(history_warehouse):
    latest = dates(history_warehouse)[-1]
    prospect, tier, segment = history_warehouse.query(
        """select prospect_id, tier_code, segment_code from marts.fct_prospect_segments
        where as_of_date = ? order by potential_value_score desc, prospect_id limit 1""",
        [latest],
    )[0]
    population = history_warehouse.query(
        "select distinct population from marts.mart_segment_summary where population <> 'existing'"
    )
    result = explain(history_warehouse.database, prospect, "--lang", "en")
    assert result.returncode == 0, result.stderr
    first = result.stdout.splitlines()[0]
    assert first == f"Customer {prospect} · {population[0][0]} · as of {latest.isoformat()}"
    assert figure(result.stdout, "tier") == tier
    assert figure(result.stdout, "segment") == segment


def test_an_unknown_id_or_date_stops_with_what_there_is(history_warehouse):
    held = dates(history_warehouse)
    result = explain(history_warehouse.database, "NO-SUCH-CUSTOMER")
    assert result.returncode == 1 and result.stdout == ""
    assert "NO-SUCH-CUSTOMER" in result.stderr and held[-1].isoformat() in result.stderr
    customer = history_warehouse.query(
        "select min(customer_id) from marts.fct_customer_segments where as_of_date = ?", [held[-1]]
    )[0][0]
    result = explain(history_warehouse.database, customer, "--as-of", "1999-12-31")
    assert result.returncode == 1 and result.stdout == ""
    assert "1999-12-31" in result.stderr
    assert all(d.isoformat() in result.stderr for d in held), result.stderr
    result = explain(history_warehouse.database, customer, "--as-of", "not-a-date")
    assert result.returncode == 2


def test_a_file_without_the_mart_says_to_build_it(history_warehouse, tmp_path):
    """An older warehouse (or published copy) without marts.fct_customer_explanations."""
    old = tmp_path / "old.duckdb"
    with duckdb.connect(str(old)) as con:
        con.execute(f"attach '{history_warehouse.database}' as src (read_only)")
        con.execute("create schema marts")
        con.execute("create table marts.fct_customer_segments as select * from src.marts.fct_customer_segments")
    customer = history_warehouse.query("select min(customer_id) from marts.fct_customer_segments")[0][0]
    result = explain(old, customer)
    assert result.returncode == 1
    assert "fct_customer_explanations" in result.stderr and "dbt build" in result.stderr
    result = explain(tmp_path / "nowhere.duckdb", customer)
    assert result.returncode == 1 and "nowhere.duckdb" in result.stderr


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["ID=C123"], "scripts/explain.py C123"),
        (["ID=C123", "AS_OF=2026-10-31"], "scripts/explain.py C123 --as-of 2026-10-31"),
        (["ID=C123", "CARD_LANG=zh"], "scripts/explain.py C123 --lang zh"),
    ],
)
def test_make_explain(args, expected):
    assert expected in " ".join(make_dry_run("explain", *args).split())
