#!/usr/bin/env python3
"""Demo data generator for corp_tiering (对公客户分层分类).

Writes every table of the raw-data contract (docs/raw_data_contract.md) into schema
`raw` of a DuckDB file, set-wise inside DuckDB (no Python row loops), so it writes
millions of rows a second and a million customers fit in memory.

The data is deterministic for a given --seed: every random draw is a hash of the seed,
a salt naming the draw, and the row's own key, so neither thread scheduling nor the
order of statements changes a value.

Bad rows of every kind of the contract are planted at --bad-rate (at least one of each
kind a table can have), and a JSON manifest lists each planted row (table, record_key,
reason_code) and each flagged-but-kept value (table, record_key, flag).

Usage:
    python scripts/generate_demo_data.py --customers 20000 --days 760 --as-of 2026-10-31
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import sys
import time
from pathlib import Path

import duckdb

PROJECT_DIR = Path(__file__).resolve().parent.parent

# The raw-data contract: table -> (columns in contract order with their types, primary key).
CONTRACT: dict[str, tuple[list[tuple[str, str]], list[str]]] = {
    "ecif_branches": (
        [("branch_id", "VARCHAR"), ("branch_name", "VARCHAR"), ("region_code", "VARCHAR"), ("region_name", "VARCHAR")],
        ["branch_id"],
    ),
    "ecif_customers": (
        [
            ("customer_id", "VARCHAR"),
            ("customer_name", "VARCHAR"),
            ("uscc", "VARCHAR"),
            ("customer_kind", "VARCHAR"),
            ("industry_code", "VARCHAR"),
            ("branch_id", "VARCHAR"),
            ("group_id", "VARCHAR"),
            ("relationship_start_date", "DATE"),
            ("status", "VARCHAR"),
            ("closed_date", "DATE"),
            ("is_cross_border", "BOOLEAN"),
            ("executive_is_bank_vip", "BOOLEAN"),
            ("updated_at", "TIMESTAMP"),
        ],
        ["customer_id"],
    ),
    "ecif_customer_financials": (
        [
            ("customer_id", "VARCHAR"),
            ("fiscal_year", "INTEGER"),
            ("report_date", "DATE"),
            ("annual_revenue_cny", "DECIMAL(20,2)"),
            ("total_assets_cny", "DECIMAL(20,2)"),
            ("employee_count", "INTEGER"),
        ],
        ["customer_id", "fiscal_year", "report_date"],
    ),
    "ecif_customer_tags": (
        [("customer_id", "VARCHAR"), ("tag", "VARCHAR"), ("tagged_date", "DATE")],
        ["customer_id", "tag"],
    ),
    "core_deposit_accounts": (
        [
            ("account_id", "VARCHAR"),
            ("customer_id", "VARCHAR"),
            ("account_nature", "VARCHAR"),
            ("product_code", "VARCHAR"),
            ("currency", "VARCHAR"),
            ("customer_rate", "DECIMAL(9,6)"),
            ("ftp_rate", "DECIMAL(9,6)"),
            ("open_date", "DATE"),
            ("close_date", "DATE"),
        ],
        ["account_id"],
    ),
    "core_deposit_balances": (
        [("account_id", "VARCHAR"), ("balance_date", "DATE"), ("balance", "DECIMAL(20,2)")],
        ["account_id", "balance_date"],
    ),
    "core_transactions": (
        [
            ("txn_id", "VARCHAR"),
            ("account_id", "VARCHAR"),
            ("txn_date", "DATE"),
            ("amount", "DECIMAL(20,2)"),
            ("direction", "VARCHAR"),
            ("channel", "VARCHAR"),
        ],
        ["txn_id"],
    ),
    "core_fee_income": (
        [
            ("fee_id", "VARCHAR"),
            ("customer_id", "VARCHAR"),
            ("fee_date", "DATE"),
            ("product_code", "VARCHAR"),
            ("amount_cny", "DECIMAL(20,2)"),
        ],
        ["fee_id"],
    ),
    "core_fx_rates": (
        [("currency", "VARCHAR"), ("rate_date", "DATE"), ("cny_per_unit", "DECIMAL(18,8)")],
        ["currency", "rate_date"],
    ),
    "credit_loans": (
        [
            ("loan_id", "VARCHAR"),
            ("customer_id", "VARCHAR"),
            ("product_code", "VARCHAR"),
            ("exposure_type", "VARCHAR"),
            ("currency", "VARCHAR"),
            ("contract_amount", "DECIMAL(20,2)"),
            ("customer_rate", "DECIMAL(9,6)"),
            ("ftp_rate", "DECIMAL(9,6)"),
            ("start_date", "DATE"),
            ("maturity_date", "DATE"),
        ],
        ["loan_id"],
    ),
    "credit_loan_balances": (
        [
            ("loan_id", "VARCHAR"),
            ("balance_date", "DATE"),
            ("outstanding_balance", "DECIMAL(20,2)"),
            ("five_category", "VARCHAR"),
        ],
        ["loan_id", "balance_date"],
    ),
    "credit_ratings": (
        [("customer_id", "VARCHAR"), ("rating_date", "DATE"), ("rating", "VARCHAR")],
        ["customer_id", "rating_date"],
    ),
    "bureau_credit_summary": (
        [("customer_id", "VARCHAR"), ("report_month", "DATE"), ("total_credit_balance_cny", "DECIMAL(20,2)")],
        ["customer_id", "report_month"],
    ),
    "crm_prospects": (
        [
            ("prospect_id", "VARCHAR"),
            ("prospect_name", "VARCHAR"),
            ("uscc", "VARCHAR"),
            ("customer_kind", "VARCHAR"),
            ("industry_code", "VARCHAR"),
            ("branch_id", "VARCHAR"),
            ("group_id", "VARCHAR"),
            ("annual_revenue_cny", "DECIMAL(20,2)"),
            ("total_assets_cny", "DECIMAL(20,2)"),
            ("employee_count", "INTEGER"),
            ("revenue_growth_rate", "DECIMAL(9,4)"),
            ("created_date", "DATE"),
            ("status", "VARCHAR"),
        ],
        ["prospect_id"],
    ),
    "crm_prospect_assessments": (
        [
            ("prospect_id", "VARCHAR"),
            ("assessed_date", "DATE"),
            ("market_influence_score", "DECIMAL(5,2)"),
            ("chain_influence_score", "DECIMAL(5,2)"),
            ("product_fit_score", "DECIMAL(5,2)"),
            ("marketing_feasibility_score", "DECIMAL(5,2)"),
            ("product_advantage_score", "DECIMAL(5,2)"),
            ("service_convenience_score", "DECIMAL(5,2)"),
        ],
        ["prospect_id", "assessed_date"],
    ),
    "crm_satisfaction_surveys": (
        [("survey_id", "VARCHAR"), ("customer_id", "VARCHAR"), ("survey_date", "DATE"), ("score", "DECIMAL(5,2)")],
        ["survey_id"],
    ),
    "crm_agreements": (
        [
            ("agreement_id", "VARCHAR"),
            ("customer_id", "VARCHAR"),
            ("agreement_type", "VARCHAR"),
            ("sign_date", "DATE"),
            ("expiry_date", "DATE"),
        ],
        ["agreement_id"],
    ),
}

USCC_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = [pow(3, i, 31) for i in range(17)]

REGIONS = [
    ("BJ", "北京分行", "北京"),
    ("SH", "上海分行", "上海"),
    ("GD", "广东分行", "广州"),
    ("JS", "江苏分行", "南京"),
    ("ZJ", "浙江分行", "杭州"),
    ("SD", "山东分行", "济南"),
    ("SC", "四川分行", "成都"),
    ("HB", "湖北分行", "武汉"),
    ("FJ", "福建分行", "福州"),
    ("HA", "河南分行", "郑州"),
    ("TJ", "天津分行", "天津"),
    ("SN", "陕西分行", "西安"),
]
BRANCH_SUFFIXES = ["营业部", "高新支行", "开发区支行", "城东支行", "城西支行", "自贸区支行", "经开区支行", "新区支行"]

# GB/T 4754-2017 sections with their divisions and the share of enterprise customers.
SECTIONS = [
    ("A", 1, 5, 3.0),
    ("B", 6, 12, 1.5),
    ("C", 13, 43, 26.0),
    ("D", 44, 46, 2.0),
    ("E", 47, 50, 8.0),
    ("F", 51, 52, 20.0),
    ("G", 53, 60, 5.0),
    ("H", 61, 62, 2.5),
    ("I", 63, 65, 6.0),
    ("J", 66, 69, 1.0),
    ("K", 70, 70, 5.0),
    ("L", 71, 72, 8.0),
    ("M", 73, 75, 4.0),
    ("N", 76, 79, 1.5),
    ("O", 80, 82, 2.0),
    ("P", 83, 83, 0.5),
    ("Q", 84, 85, 0.8),
    ("R", 86, 90, 1.0),
    ("S", 91, 96, 0.2),
    ("T", 97, 97, 0.05),
]
# Industries of institutions (机构类): government, public institutions, social
# organisations, financial institutions.
INSTITUTION_DIVISIONS = {
    "government": ["S92", "S91", "S93"],
    "public_institution": ["P83", "Q84", "M73", "R86", "N78"],
    "social_organization": ["S95", "S94"],
    "financial_institution": ["J66", "J67", "J68", "J69"],
}
USCC_PREFIX = {
    "enterprise": "91",
    "government": "11",
    "public_institution": "12",
    "social_organization": "51",
    "financial_institution": "91",
}
NAME_CHARS = "华鑫恒瑞宏泰盛达安信隆丰远通嘉德永兴昌启明辰锦元晟博汇顺和正"
SECTION_WORDS = {
    "A": "农业",
    "B": "矿业",
    "C": "制造",
    "D": "能源",
    "E": "建设",
    "F": "贸易",
    "G": "物流",
    "H": "酒店",
    "I": "科技",
    "J": "金融",
    "K": "置业",
    "L": "商务",
    "M": "技术",
    "N": "环境",
    "O": "服务",
    "P": "教育",
    "Q": "医疗",
    "R": "文化",
    "S": "公共",
    "T": "国际",
}

# What a bad row of each kind looks like, per table: reason -> list of (column, SQL
# expression over the clean row). Reasons are those of the contract; `wrong_type`
# only exists when the raw tables are text.
PLANTS: dict[str, dict[str, list[tuple[str, str]]]] = {
    "ecif_branches": {
        "duplicate_primary_key": [],
    },
    "ecif_customers": {
        "null_primary_key": [("customer_id", "null")],
        "duplicate_primary_key": [],
        "unknown_code": [("customer_kind", "'corporation'")],
        "impossible_date": [("closed_date", "relationship_start_date - 30"), ("status", "'closed'")],
        "closed_without_closed_date": [("status", "'closed'"), ("closed_date", "null")],
        "orphan_foreign_key": [("branch_id", "'NOBRANCH'")],
    },
    "ecif_customer_financials": {
        "null_primary_key": [("fiscal_year", "null")],
        "duplicate_primary_key": [],
        "impossible_date": [("report_date", "cast(report_date - interval 200 year as date)")],
        "orphan_foreign_key": [("customer_id", "'X' || customer_id")],
    },
    "ecif_customer_tags": {
        "null_primary_key": [("tag", "null")],
        "duplicate_primary_key": [],
        "unknown_code": [("tag", "'blockchain_' || tag")],
        "impossible_date": [("tagged_date", "date '1899-12-31'")],
        "orphan_foreign_key": [("customer_id", "'X' || customer_id")],
    },
    "core_deposit_accounts": {
        "null_primary_key": [("account_id", "null")],
        "duplicate_primary_key": [],
        "unknown_code": [("account_nature", "'savings'")],
        "impossible_date": [("close_date", "open_date - 1")],
        "orphan_foreign_key": [("product_code", "'gold_deposit'")],
    },
    "core_deposit_balances": {
        "null_primary_key": [("balance_date", "null")],
        "duplicate_primary_key": [],
        "impossible_date": [("balance_date", "cast(balance_date - interval 200 year as date)")],
        "negative_balance": [("balance", "-balance - 1")],
        "orphan_foreign_key": [("account_id", "'X' || account_id")],
    },
    "core_transactions": {
        "null_primary_key": [("txn_id", "null")],
        "duplicate_primary_key": [],
        "unknown_code": [("channel", "'fax'")],
        "impossible_date": [("txn_date", "cast(txn_date - interval 200 year as date)")],
        "orphan_foreign_key": [("account_id", "'X' || account_id")],
    },
    "core_fee_income": {
        "null_primary_key": [("fee_id", "null")],
        "duplicate_primary_key": [],
        "impossible_date": [("fee_date", "date '1899-06-30'")],
        "orphan_foreign_key": [("product_code", "'lottery'")],
    },
    "core_fx_rates": {
        "null_primary_key": [("rate_date", "null")],
        "duplicate_primary_key": [],
        "impossible_date": [("rate_date", "cast(rate_date - interval 200 year as date)")],
    },
    "credit_loans": {
        "null_primary_key": [("loan_id", "null")],
        "duplicate_primary_key": [],
        "unknown_code": [("exposure_type", "'contingent'")],
        "impossible_date": [("maturity_date", "start_date - 1")],
        "orphan_foreign_key": [("customer_id", "'X' || customer_id")],
    },
    "credit_loan_balances": {
        "null_primary_key": [("loan_id", "null")],
        "duplicate_primary_key": [],
        "unknown_code": [("five_category", "'watch'")],
        "impossible_date": [("balance_date", "cast(balance_date - interval 200 year as date)")],
        "orphan_foreign_key": [("loan_id", "'X' || loan_id")],
    },
    "credit_ratings": {
        "null_primary_key": [("rating_date", "null")],
        "duplicate_primary_key": [],
        "unknown_code": [("rating", "'AAAA'")],
        "impossible_date": [("rating_date", "cast(rating_date - interval 200 year as date)")],
        "orphan_foreign_key": [("customer_id", "'X' || customer_id")],
    },
    "bureau_credit_summary": {
        "null_primary_key": [("customer_id", "null")],
        "duplicate_primary_key": [],
        "impossible_date": [("report_month", "cast(report_month - interval 200 year as date)")],
        "orphan_foreign_key": [("customer_id", "'X' || customer_id")],
    },
    "crm_prospects": {
        "null_primary_key": [("prospect_id", "null")],
        "duplicate_primary_key": [],
        "unknown_code": [("status", "'won'")],
        "impossible_date": [("created_date", "date '1899-01-01'")],
        "orphan_foreign_key": [("branch_id", "'NOBRANCH'")],
    },
    "crm_prospect_assessments": {
        "null_primary_key": [("assessed_date", "null")],
        "duplicate_primary_key": [],
        "impossible_date": [("assessed_date", "cast(assessed_date - interval 200 year as date)")],
        "orphan_foreign_key": [("prospect_id", "'X' || prospect_id")],
    },
    "crm_satisfaction_surveys": {
        "null_primary_key": [("survey_id", "null")],
        "duplicate_primary_key": [],
        "impossible_date": [("survey_date", "date '1899-12-31'")],
        "orphan_foreign_key": [("customer_id", "'X' || customer_id")],
    },
    "crm_agreements": {
        "null_primary_key": [("agreement_id", "null")],
        "duplicate_primary_key": [],
        "unknown_code": [("agreement_type", "'sponsorship'")],
        "impossible_date": [("expiry_date", "sign_date - 1")],
        "orphan_foreign_key": [("customer_id", "'X' || customer_id")],
    },
}
# In the text variant, a value that no cast accepts, per table (column, text value).
WRONG_TYPE = {
    "ecif_customers": ("relationship_start_date", "'2024-02-30'"),
    "ecif_customer_financials": ("annual_revenue_cny", "'n/a'"),
    "ecif_customer_tags": ("tagged_date", "'yesterday'"),
    "core_deposit_accounts": ("customer_rate", "'1.5%'"),
    "core_deposit_balances": ("balance", "'12,345.67'"),
    "core_transactions": ("amount", "'abc'"),
    "core_fee_income": ("amount_cny", "'--'"),
    "core_fx_rates": ("cny_per_unit", "'seven'"),
    "credit_loans": ("contract_amount", "'1e'"),
    "credit_loan_balances": ("outstanding_balance", "'null?'"),
    "credit_ratings": ("rating_date", "'2025/13/01'"),
    "bureau_credit_summary": ("total_credit_balance_cny", "'N/A'"),
    "crm_prospects": ("employee_count", "'twelve'"),
    "crm_prospect_assessments": ("product_fit_score", "'high'"),
    "crm_satisfaction_surveys": ("score", "'good'"),
    "crm_agreements": ("sign_date", "'2025-00-10'"),
}
# Raw tables are built under this prefix in the raw schema, then renamed in one
# transaction (DuckDB renames a table only inside its schema).
ASIDE_PREFIX = "_generating__"
# In the text variant, besides the wrong_type row above: impossible and unreadable
# values in every date and number column of every table, one row each, so that the
# build meets every kind of text a loader may land. Each value is spread over the
# columns of its kind (every column gets at least one); the expected reason is
# wrong_type (the value does not convert, or is not finite), except where noted.
UNREADABLE_DATES = ["2026-02-30", "2026-13-01", "abc", "inf", "-infinity", "２０２６-０１-１５"]
UNREADABLE_NUMBERS = ["abc", "inf", "-inf", "NaN", "1e400", "999999999999999999.99", "1,000", "１２３"]
# Blank values make a primary-key column missing (null_primary_key); in other columns
# they are a legitimate null, so they are planted in key columns only.
UNREADABLE_KEY_BLANKS = ["", " "]
# The money columns bounded by parameter max_plausible_amount_cny: a value that converts
# but is beyond the bound (999999999999999999.99 fits DECIMAL(20,2)) is implausible_amount.
MONEY_COLUMNS = {
    ("ecif_customer_financials", "annual_revenue_cny"),
    ("ecif_customer_financials", "total_assets_cny"),
    ("core_deposit_balances", "balance"),
    ("core_transactions", "amount"),
    ("core_fee_income", "amount_cny"),
    ("credit_loans", "contract_amount"),
    ("credit_loan_balances", "outstanding_balance"),
    ("bureau_credit_summary", "total_credit_balance_cny"),
    ("crm_prospects", "annual_revenue_cny"),
    ("crm_prospects", "total_assets_cny"),
}
PLANT_ORDER = [
    "null_primary_key",
    "duplicate_primary_key",
    "wrong_type",
    "unknown_code",
    "impossible_date",
    "negative_balance",
    "closed_without_closed_date",
    "orphan_foreign_key",
]


def sql_text(value: str) -> str:
    """A SQL string literal."""
    return "'" + value.replace("'", "''") + "'"


def unreadable_values(table: str) -> list[tuple[str, str, str]]:
    """(column, text value, expected reason) of the unreadable values planted in `table`
    in the text variant: every date and number column gets at least one, and every value
    of its kind is planted somewhere in the table."""
    columns, key = CONTRACT[table]
    planted = []
    for kinds, values in ((("DATE", "TIMESTAMP"), UNREADABLE_DATES), (("DECIMAL", "INTEGER"), UNREADABLE_NUMBERS)):
        of_kind = [c for c, typ in columns if typ.startswith(kinds)]
        if not of_kind:
            continue
        for i in range(max(len(values), len(of_kind))):
            column, value = of_kind[i % len(of_kind)], values[i % len(values)]
            reason = (
                "implausible_amount"
                if (table, column) in MONEY_COLUMNS and value == "999999999999999999.99"
                else "wrong_type"
            )
            planted.append((column, value, reason))
        for column in [c for c in of_kind if c in key]:
            for blank in UNREADABLE_KEY_BLANKS:
                planted.append((column, blank, "null_primary_key"))
    return planted


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--customers", type=int, default=20_000, help="existing customers (default 20000)")
    parser.add_argument("--days", type=int, default=760, help="days of daily history (default 760)")
    parser.add_argument("--as-of", default="2026-10-31", help="last day of the data (default 2026-10-31)")
    parser.add_argument("--seed", type=int, default=20261031, help="random seed (default 20261031)")
    parser.add_argument(
        "--bad-rate", type=float, default=0.005, help="share of rows planted bad, per table (default 0.005)"
    )
    parser.add_argument(
        "--raw-as-text",
        action="store_true",
        help="land every raw column as VARCHAR, as a text loader would, and plant wrong_type rows "
        "and unreadable values in every date and number column",
    )
    parser.add_argument(
        "--no-unreadable",
        action="store_true",
        help="with --raw-as-text: leave out the unreadable values (only the one wrong_type row per "
        "table), as a clean text export would",
    )
    parser.add_argument(
        "--database",
        default=os.environ.get("DBT_DUCKDB_PATH", "warehouse/corp_tiering.duckdb"),
        help="DuckDB file (default $DBT_DUCKDB_PATH or warehouse/corp_tiering.duckdb)",
    )
    parser.add_argument("--schema", default="raw", help="schema of the raw tables (default raw)")
    parser.add_argument(
        "--manifest",
        default=None,
        help="where to write the JSON manifest of planted rows (default <database>.manifest.json)",
    )
    parser.add_argument(
        "--strategic-groups",
        default=str(PROJECT_DIR / "seeds" / "strategic_groups.csv"),
        help="seed file whose group_ids are the demo's strategic groups",
    )
    parser.add_argument(
        "--memory-limit",
        default=os.environ.get("DBT_DUCKDB_MEMORY_LIMIT", "12GB"),
        help="DuckDB memory limit; beyond it DuckDB spills to disk (default $DBT_DUCKDB_MEMORY_LIMIT, else 12GB)",
    )
    parser.add_argument("--quiet", action="store_true", help="no progress output")
    args = parser.parse_args(argv)
    if args.customers < 10:
        parser.error("--customers must be at least 10")
    if args.days < 30:
        parser.error("--days must be at least 30")
    if not 0 <= args.bad_rate < 0.5:
        parser.error("--bad-rate must be in [0, 0.5)")
    return args


class Generator:
    def __init__(self, args: argparse.Namespace):
        self.args = args
        self.as_of = dt.date.fromisoformat(args.as_of)
        self.start = self.as_of - dt.timedelta(days=args.days - 1)
        self.schema = args.schema
        Path(args.database).parent.mkdir(parents=True, exist_ok=True)
        self.con = duckdb.connect(args.database, config={"memory_limit": args.memory_limit})
        self.rows: dict[str, int] = {}
        self.planted: list[dict] = []
        self.flagged: list[dict] = []
        self.seconds: dict[str, float] = {}

    # ------------------------------------------------------------------ helpers
    def log(self, message: str) -> None:
        if not self.args.quiet:
            print(message, flush=True)

    def sql(self, statement: str) -> None:
        self.con.execute(statement)

    def table(self, name: str) -> str:
        """Where raw table `name` is built: beside the live one, under ASIDE_PREFIX, until
        swap() puts every table in place at once."""
        return f"{self.schema}.{ASIDE_PREFIX}{name}"

    def drop_aside(self) -> None:
        """Drop the tables a run killed before its swap left aside."""
        for (name,) in self.con.execute(
            "select table_name from information_schema.tables where table_schema = ? and starts_with(table_name, ?)",
            [self.schema, ASIDE_PREFIX],
        ).fetchall():
            self.sql(f'drop table "{self.schema}"."{name}"')

    def swap(self) -> None:
        """Replace every raw table at once: in one transaction, drop each live table and
        rename the one built aside to its name (renames move no data). A run killed at any
        moment before the commit leaves the previous raw tables, all of them, as they were."""
        self.sql("begin transaction")
        for name in CONTRACT:
            self.sql(f"drop table if exists {self.schema}.{name}")
            self.sql(f"alter table {self.table(name)} rename to {name}")
        self.sql("commit")

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

    def setup(self) -> None:
        seed = int(self.args.seed)
        self.sql(f"create schema if not exists {self.schema}")
        self.drop_aside()
        self.sql("create schema if not exists _gen")
        # Uniform draw in [0, 1) from the seed, a salt and a key; deterministic.
        self.sql(f"create or replace macro rnd(salt, k) as (hash({seed}, salt, k) % 1000000007) / 1000000007.0")
        self.sql(f"create or replace macro rnd2(salt, k, j) as (hash({seed}, salt, k, j) % 1000000007) / 1000000007.0")
        self.sql(f"create or replace macro as_of() as date '{self.as_of.isoformat()}'")
        self.sql(f"create or replace macro start_day() as date '{self.start.isoformat()}'")
        self.sql(f"create or replace macro uscc_charset() as '{USCC_CHARSET}'")
        self.sql(f"create or replace macro uscc_weights() as {USCC_WEIGHTS}")
        self.sql("""
            create or replace macro uscc_code(prefix, key) as (
                with parts as (
                    select
                        prefix
                        || lpad(cast(110000 + (hash(key, 'adm') % 540000) as varchar), 6, '0')
                        || array_to_string(list_transform(range(9),
                               lambda i: substr(uscc_charset(), 1 + cast(hash(key, 'body', i) % 31 as integer), 1)), '')
                        as body17
                ),
                summed as (
                    select body17, list_sum(list_transform(range(17),
                        lambda i: (strpos(uscc_charset(), substr(body17, i + 1, 1)) - 1) * uscc_weights()[i + 1])) as s
                    from parts
                )
                select body17 || substr(uscc_charset(), 1 + cast((31 - s % 31) % 31 as integer), 1) from summed
            )
        """)

    # ------------------------------------------------------------------ tables
    def branches(self) -> None:
        n_regions = max(3, min(len(REGIONS), self.args.customers // 2500))
        values = []
        for r, (code, name, city) in enumerate(REGIONS[:n_regions]):
            n_branches = 2 + (r * 7 + self.args.seed) % 5
            for b in range(n_branches):
                suffix = BRANCH_SUFFIXES[b % len(BRANCH_SUFFIXES)]
                values.append(f"('{code}{b + 1:03d}', '{city}{suffix}', '{code}', '{name}')")
        select = (
            "select * from (values " + ", ".join(values) + ") as t(branch_id, branch_name, region_code, region_name)"
        )
        self.create("ecif_branches", select)
        self.sql(f"""create or replace table _gen.branch_index as
                     select row_number() over (order by branch_id) - 1 as idx, branch_id, region_code
                     from {self.table("ecif_branches")}""")

    def groups(self) -> None:
        strategic = []
        path = Path(self.args.strategic_groups)
        if path.exists():
            with path.open(encoding="utf-8") as handle:
                strategic = [row["group_id"].strip() for row in csv.DictReader(handle) if row.get("group_id")]
        if not strategic:
            strategic = [f"G{i:04d}" for i in range(1, 41)]
        n_other = max(len(strategic), self.args.customers // 400)
        others = [f"H{i:04d}" for i in range(1, n_other + 1)]
        rows = ", ".join(f"('{g}', {i})" for i, g in enumerate(strategic + others))
        self.sql(f"create or replace table _gen.group_index as select * from (values {rows}) as t(group_id, idx)")

    def customers(self) -> None:
        weights = []
        for section, lo, hi, share in SECTIONS:
            for division in range(lo, hi + 1):
                weights.append((section, f"{division:02d}", share / (hi - lo + 1)))
        total = sum(w for _, _, w in weights)
        cum = 0.0
        rows = []
        for section, division, weight in weights:
            rows.append(f"('{section}', '{division}', {cum / total}, {(cum + weight) / total})")
            cum += weight
        self.sql(
            "create or replace table _gen.divisions as select * from (values "
            + ", ".join(rows)
            + ") as t(section, division, lo, hi)"
        )
        inst_cases = " ".join(
            f"when '{kind}' then {[d for d in divs]}[1 + cast(hash(i, 'instdiv') % {len(divs)} as integer)]"
            for kind, divs in INSTITUTION_DIVISIONS.items()
        )
        prefix_cases = " ".join(f"when '{k}' then '{v}'" for k, v in USCC_PREFIX.items())
        section_words = " ".join(f"when '{k}' then '{v}'" for k, v in SECTION_WORDS.items())
        n_branches = self.con.execute("select count(*) from _gen.branch_index").fetchone()[0]
        n_groups = self.con.execute("select count(*) from _gen.group_index").fetchone()[0]
        self.sql(f"""
            create or replace table _gen.customers as
            with base as (
                select
                    i,
                    'C' || lpad(cast(i as varchar), 8, '0') as customer_id,
                    case
                        when rnd('kind', i) < 0.86 then 'enterprise'
                        when rnd('kind', i) < 0.89 then 'government'
                        when rnd('kind', i) < 0.94 then 'public_institution'
                        when rnd('kind', i) < 0.97 then 'social_organization'
                        else 'financial_institution'
                    end as customer_kind,
                    rnd('ind', i) as u_industry,
                    -- Revenue: Pareto-like, many small and few large enterprises.
                    least(6e10, 8e5 / pow(greatest(rnd('rev', i), 1e-6), 1.45)) as revenue_level,
                    cast(hash(i, 'branch') % {n_branches} as integer) as branch_idx,
                    as_of() - cast(floor(pow(rnd('start', i), 1.25) * 9500) as integer) as relationship_start_date
                from range(1, {self.args.customers + 1}) as t(i)
            ),
            with_industry as (
                select
                    base.*,
                    case
                        when customer_kind = 'enterprise' then
                            d.section || d.division
                            || case when rnd('ilen', i) < 0.2 then ''
                                    else cast(1 + hash(i, 'g3') % 9 as varchar)
                                         || case when rnd('ilen', i) < 0.45 then ''
                                                 else cast(hash(i, 'g4') % 10 as varchar) end
                               end
                        else case customer_kind {inst_cases} end
                    end as industry_code
                from base
                left join _gen.divisions as d
                    on base.customer_kind = 'enterprise' and base.u_industry >= d.lo and base.u_industry < d.hi
            ),
            shaped as (
                select
                    c.*,
                    b.branch_id,
                    b.region_code,
                    case
                        when customer_kind = 'enterprise'
                             and rnd('grp', i) < 0.025 + case when revenue_level > 1e9 then 0.25 else 0 end
                        then (select g.group_id from _gen.group_index as g
                              where g.idx = hash(i, 'gid') % {n_groups})
                    end as group_id,
                    rnd('closed', i) < 0.06 and relationship_start_date < as_of() - 30 as is_closed,
                    rnd('dormant', i) < 0.07 and relationship_start_date < as_of() - 400 as is_dormant,
                    rnd('borrower', i) < case
                        when customer_kind = 'enterprise' then 0.38 + case when revenue_level > 1e8 then 0.3 else 0 end
                        else 0.07 end as is_borrower
                from with_industry as c
                inner join _gen.branch_index as b on c.branch_idx = b.idx
            )
            select
                *,
                case when is_closed
                    then relationship_start_date
                         + cast(floor(rnd('cdate', i) * (as_of() - relationship_start_date)) as integer)
                end as closed_date
            from shaped
        """)
        self.create(
            "ecif_customers",
            f"""
            select
                customer_id,
                substr('{NAME_CHARS}', 1 + cast(hash(i, 'n1') % {len(NAME_CHARS)} as integer), 1)
                || substr('{NAME_CHARS}', 1 + cast(hash(i, 'n2') % {len(NAME_CHARS)} as integer), 1)
                || case customer_kind
                       when 'enterprise' then
                           case substr(industry_code, 1, 1) {section_words} end
                           || case when revenue_level > 1e9 then '集团股份有限公司' else '有限公司' end
                       when 'government' then '区人民政府办公室'
                       when 'public_institution' then '事业发展中心'
                       when 'social_organization' then '行业协会'
                       else '金融股份有限公司'
                   end
                || ' ' || cast(i as varchar) as customer_name,
                case
                    when rnd('usccnull', i) < 0.002 then null
                    -- a typo in the check character: kept, flagged invalid_uscc
                    when rnd('usccbad', i) < 0.01 then
                        substr(uscc_code(case customer_kind {prefix_cases} end, customer_id), 1, 17)
                        || substr(uscc_charset(), 1 + strpos(uscc_charset(),
                               substr(uscc_code(case customer_kind {prefix_cases} end, customer_id), 18, 1)) % 31, 1)
                    else uscc_code(case customer_kind {prefix_cases} end, customer_id)
                end as uscc,
                customer_kind,
                industry_code,
                branch_id,
                group_id,
                relationship_start_date,
                case when closed_date is not null then 'closed' else 'active' end as status,
                closed_date,
                rnd('xb', i) < 0.07 + case when revenue_level > 5e8 then 0.2 else 0 end as is_cross_border,
                rnd('vip', i) < 0.10 as executive_is_bank_vip,
                cast(as_of() as timestamp) - to_seconds(cast(floor(rnd('upd', i) * 86400 * 400) as bigint))
                    as updated_at
            from _gen.customers
        """,
        )

    def financials(self) -> None:
        year = self.as_of.year
        first_year = self.start.year - 1
        self.create(
            "ecif_customer_financials",
            f"""
            with filers as (
                select
                    c.*,
                    -0.15 + 0.55 * rnd('growth', i) as growth
                from _gen.customers as c
                where (customer_kind = 'enterprise' and rnd('nofin', i) >= 0.07)
                   or (customer_kind <> 'enterprise' and rnd('nofin', i) < 0.15)
            ),
            years as (
                select
                    f.*,
                    fy,
                    make_date(fy + 1, 3, 1) + cast(floor(rnd2('rep', i, fy) * 120) as integer) as report_date,
                    revenue_level * pow(1 + growth, fy - {year - 1}) * (0.95 + 0.1 * rnd2('revn', i, fy)) as revenue
                from filers as f
                cross join range({first_year}, {year}) as y(fy)
                where make_date(fy + 1, 1, 1) > relationship_start_date
            ),
            filed as (
                select * from years
                where report_date <= as_of()
                  -- late filers: no statement yet for the last fiscal year
                  and not (fy = {year - 1} and rnd('late', i) < 0.06)
            ),
            statements as (
                select i, customer_id, fy, report_date, revenue, 0 as version from filed
                union all
                -- restatements: a later statement for the same fiscal year
                select i, customer_id, fy,
                       report_date + 20 + cast(floor(rnd2('restdays', i, fy) * 200) as integer),
                       revenue * (0.85 + 0.3 * rnd2('restrev', i, fy)), 1
                from filed
                where rnd2('restate', i, fy) < 0.04
                  and report_date + 20 + cast(floor(rnd2('restdays', i, fy) * 200) as integer) <= as_of()
            )
            select
                customer_id,
                fy as fiscal_year,
                report_date,
                case
                    when rnd2('zerorev', i, fy * 10 + version) < 0.004 then 0
                    when rnd2('nullrev', i, fy * 10 + version) < 0.01 then null
                    else round(revenue, 2)
                end as annual_revenue_cny,
                case when rnd2('nullasset', i, fy) < 0.02 then null
                     else round(revenue * (0.4 + 2.2 * rnd('assets', i)), 2) end as total_assets_cny,
                case when rnd2('nullemp', i, fy) < 0.02 then null
                     else cast(greatest(3, revenue / (4e5 + 1.6e6 * rnd('prod', i))) as integer) end
                    as employee_count
            from statements
        """,
        )

    def tags(self) -> None:
        self.create(
            "ecif_customer_tags",
            """
            with candidates as (
                select c.i, c.customer_id, c.relationship_start_date, t.tag, t.k
                from _gen.customers as c
                cross join (values ('internet', 0), ('iot', 1), ('mobile_payment', 2)) as t(tag, k)
                where c.customer_kind = 'enterprise'
                  and rnd2('tag', c.i, t.k) < case when substr(c.industry_code, 1, 1) in ('I', 'C', 'F', 'L')
                                                   then 0.06 else 0.015 end
            )
            select
                customer_id,
                tag,
                greatest(relationship_start_date, as_of() - cast(floor(rnd2('tagdate', i, k) * 1500) as integer))
                    as tagged_date
            from candidates
        """,
        )

    def deposit_accounts(self) -> None:
        self.sql("""
            create or replace table _gen.accounts as
            with counts as (
                select
                    c.*,
                    case
                        when is_borrower and rnd('noacct', i) < 0.12 then 0
                        when rnd('nacct', i) < 0.5 then 1
                        when rnd('nacct', i) < 0.78 then 2
                        when rnd('nacct', i) < 0.92 then 3
                        else 4 + cast(floor(rnd('nacct2', i) * 3) as integer)
                    end as n_accounts
                from _gen.customers as c
            ),
            accounts as (
                select
                    c.*,
                    k,
                    c.customer_id || '-' || cast(k + 1 as varchar) as account_key
                from counts as c
                cross join range(0, 7) as r(k)
                where k < n_accounts
            ),
            shaped as (
                select
                    a.*,
                    'A' || substr(customer_id, 2) || lpad(cast(k + 1 as varchar), 2, '0') as account_id,
                    case
                        when k = 0 then 'basic'
                        when rnd2('nature', i, k) < 0.6 then 'general'
                        when rnd2('nature', i, k) < 0.85 then 'special'
                        else 'temporary'
                    end as account_nature,
                    case
                        when k = 0 then 'demand_deposit'
                        when rnd2('prod', i, k) < 0.4 then 'demand_deposit'
                        when rnd2('prod', i, k) < 0.75 then 'time_deposit'
                        when rnd2('prod', i, k) < 0.85 then 'notice_deposit'
                        else 'agreement_deposit'
                    end as product_code,
                    case
                        when k = 0 then 'CNY'
                        when rnd2('ccy', i, k) < 0.80 then 'CNY'
                        when rnd2('ccy', i, k) < 0.91 then 'USD'
                        when rnd2('ccy', i, k) < 0.95 then 'EUR'
                        when rnd2('ccy', i, k) < 0.99 then 'HKD'
                        else 'GBP'
                    end as currency,
                    case when k = 0 then relationship_start_date
                         else relationship_start_date
                              + cast(floor(rnd2('open', i, k) * (as_of() - relationship_start_date)) as integer)
                    end as open_date
                from accounts as a
            )
            select
                s.*,
                case
                    when closed_date is not null then greatest(open_date, closed_date)
                    when account_nature = 'temporary' and rnd2('tclose', i, k) < 0.5
                        then open_date + 1 + cast(floor(rnd2('tcd', i, k) * (as_of() - open_date)) as integer)
                    when rnd2('close', i, k) < 0.04
                        then open_date + 1 + cast(floor(rnd2('cd', i, k) * (as_of() - open_date)) as integer)
                end as close_date,
                -- the account's typical balance in its own currency
                greatest(2000, case when customer_kind = 'enterprise' then revenue_level * 0.03
                                    else 2e5 / pow(greatest(rnd('instbal', i), 1e-4), 0.9) end
                               * case when k = 0 then 0.6 else 0.3 * rnd2('share', i, k) end
                               / case currency when 'CNY' then 1 when 'HKD' then 0.9 else 7 end)
                    as balance_level,
                hash(account_id) as account_hash,
                -- transactions per day
                case when k = 0 then 0.1 + 0.7 * pow(rnd2('txp', i, k), 2)
                     else 0.01 + 0.3 * pow(rnd2('txp', i, k), 2) end as txn_probability
            from shaped as s
        """)
        self.create(
            "core_deposit_accounts",
            """
            select
                account_id,
                customer_id,
                account_nature,
                product_code,
                currency,
                case
                    when currency <> 'CNY' then 0.001
                    when product_code = 'demand_deposit' then 0.0005
                    when product_code = 'time_deposit' then 0.0095 + 0.008 * rnd2('trate', i, k)
                    when product_code = 'notice_deposit' then 0.0045
                    else 0.0100
                end as customer_rate,
                case
                    when currency <> 'CNY' then 0.0120
                    when product_code = 'demand_deposit' then 0.0180
                    when product_code = 'time_deposit' then 0.0230
                    when product_code = 'notice_deposit' then 0.0190
                    else 0.0205
                end as ftp_rate,
                open_date,
                close_date
            from _gen.accounts
        """,
        )

    def deposit_balances(self) -> None:
        self.create(
            "core_deposit_balances",
            f"""
            with days as (
                select start_day() + cast(d as integer) as day, d
                from range(0, {self.args.days}) as t(d)
            )
            select
                a.account_id,
                days.day as balance_date,
                round(case
                    when a.is_dormant and days.day > as_of() - 200 then 50 + 1000 * rnd2('dorm', a.i, a.k)
                    else a.balance_level
                         * greatest(0, 0.8 + 0.25 * sin((days.d + 97 * rnd2('phase', a.i, a.k)) / 14.5)
                                       + 0.5 * (rnd2('bal', a.account_hash, days.d) - 0.5))
                end, 2) as balance
            from _gen.accounts as a
            inner join days
                on days.day >= a.open_date
               and (a.close_date is null or days.day < a.close_date)
            -- a few days never reach the warehouse (loader gaps): they count as zero
            where rnd2('gap', a.account_hash, days.d) >= 0.001
        """,
        )

    def transactions(self) -> None:
        self.create(
            "core_transactions",
            f"""
            with days as (
                select start_day() + cast(d as integer) as day, d
                from range(0, {self.args.days}) as t(d)
            ),
            candidate as (
                select
                    a.account_id, a.account_hash, a.balance_level, a.txn_probability,
                    days.day, days.d,
                    rnd2('tx', a.account_hash, days.d) as u
                from _gen.accounts as a
                inner join days
                    on days.day >= a.open_date
                   and (a.close_date is null or days.day < a.close_date)
                where not (a.is_dormant and days.day > as_of() - 200)
            ),
            txns as (
                -- a busy day has a second transaction
                select *, unnest(case when u < txn_probability / 4 then [1, 2] else [1] end) as seq
                from candidate
                where u < txn_probability
            ),
            drawn as (
                select
                    *,
                    d * 10 + seq as draw,
                    rnd2('chan', account_hash, d * 10 + seq) as u_channel
                from txns
            )
            select
                'T' || substr(account_id, 2) || '-' || cast(draw as varchar) as txn_id,
                account_id,
                day as txn_date,
                round(greatest(10, least(balance_level * 3,
                    balance_level * 0.04 / pow(greatest(rnd2('amt', account_hash, draw), 1e-4), 0.6))), 2)
                    as amount,
                case when rnd2('dir', account_hash, draw) < 0.5 then 'credit' else 'debit' end as direction,
                case
                    when u_channel < 0.12 then 'counter'
                    when u_channel < 0.47 then 'online'
                    when u_channel < 0.67 then 'mobile'
                    when u_channel < 0.92 then 'bank_enterprise_direct'
                    else 'api'
                end as channel
            from drawn
        """,
        )

    def fee_income(self) -> None:
        months = (self.as_of.year - self.start.year) * 12 + self.as_of.month - self.start.month + 1
        self.create(
            "core_fee_income",
            f"""
            with months as (
                select m, date_trunc('month', start_day()) + to_months(cast(m as integer)) as month_start
                from range(0, {months}) as t(m)
            ),
            candidate as (
                select c.*, months.m, cast(months.month_start as date) as month_start
                from _gen.customers as c
                cross join months
                where rnd2('fee', c.i, months.m)
                      < case when c.revenue_level > 1e8 then 0.6 when c.revenue_level > 1e7 then 0.3 else 0.12 end
                  and cast(months.month_start as date) >= c.relationship_start_date
                  and (c.closed_date is null or cast(months.month_start as date) < c.closed_date)
            ),
            fees as (
                select
                    *,
                    least(as_of(), month_start + cast(floor(rnd2('fday', i, m) * 28) as integer)) as fee_date,
                    case
                        when rnd2('fprod', i, m) < 0.40 then 'settlement'
                        when rnd2('fprod', i, m) < 0.55 then 'cash_management'
                        when rnd2('fprod', i, m) < 0.72 then 'fx'
                        when rnd2('fprod', i, m) < 0.84 then 'custody'
                        when rnd2('fprod', i, m) < 0.95 then 'advisory'
                        else 'bond_underwriting'
                    end as product_code,
                    round(greatest(50, least(5e6, revenue_level * 2e-5 / pow(greatest(rnd2('famt', i, m), 1e-3), 0.5))), 2)
                        as gross_amount
                from candidate
            )
            select
                'F' || substr(customer_id, 2) || lpad(cast(m as varchar), 3, '0') as fee_id,
                customer_id,
                fee_date,
                product_code,
                case when rnd2('reversal', i, m) < 0.03 then -round(gross_amount * (0.1 + 0.9 * rnd2('rev', i, m)), 2)
                     else gross_amount end as amount_cny
            from fees
        """,
        )

    def fx_rates(self) -> None:
        days = self.args.days + 20
        late = max(1, self.args.days // 20)
        self.create(
            "core_fx_rates",
            f"""
            with days as (
                select start_day() - 20 + cast(d as integer) as day, d
                from range(0, {days}) as t(d)
            ),
            currencies as (
                select * from (values ('USD', 7.10, 0), ('EUR', 7.75, 0), ('HKD', 0.91, 0),
                                      ('JPY', 0.048, 0), ('GBP', 9.05, {20 + late}))
                    as t(currency, base_rate, first_day)
            )
            select
                currency,
                day as rate_date,
                round(base_rate * (1 + 0.03 * sin(d / 61.0 + base_rate) + 0.006 * (rnd2('fx', hash(currency), d) - 0.5)), 8)
                    as cny_per_unit
            from currencies
            cross join days
            where isodow(day) <= 5                       -- no fixing at weekends
              and rnd2('holiday', 0, d) >= 0.03          -- nor on public holidays
              and d >= first_day                         -- a currency whose series starts late
        """,
        )

    def loans(self) -> None:
        self.sql(f"""
            create or replace table _gen.loans as
            with counts as (
                select c.*, 1 + cast(floor(pow(rnd('nloan', i), 2) * 4) as integer) as n_loans
                from _gen.customers as c
                where is_borrower
            ),
            loans as (
                select
                    c.*, k,
                    'L' || substr(customer_id, 2) || lpad(cast(k + 1 as varchar), 2, '0') as loan_id,
                    case
                        when rnd2('lprod', i, k) < 0.32 then 'working_capital'
                        when rnd2('lprod', i, k) < 0.42 then 'fixed_asset'
                        when rnd2('lprod', i, k) < 0.46 then 'project_finance'
                        when rnd2('lprod', i, k) < 0.56 then 'trade_finance'
                        when rnd2('lprod', i, k) < 0.64 then 'bill_discount'
                        when rnd2('lprod', i, k) < 0.66 and revenue_level > 1e9 then 'syndicated'
                        when rnd2('lprod', i, k) < 0.82 then 'bank_acceptance'
                        when rnd2('lprod', i, k) < 0.93 then 'guarantee'
                        else 'letter_of_credit'
                    end as product_code
                from counts as c
                cross join range(0, 4) as r(k)
                where k < n_loans
            ),
            shaped as (
                select
                    l.*,
                    case when product_code in ('bank_acceptance', 'guarantee', 'letter_of_credit')
                         then 'off_balance' else 'on_balance' end as exposure_type,
                    case when rnd2('lccy', i, k) < 0.93 then 'CNY' else 'USD' end as currency,
                    case product_code
                        when 'working_capital' then 365 when 'trade_finance' then 180
                        when 'bill_discount' then 180 when 'bank_acceptance' then 180
                        when 'letter_of_credit' then 120 when 'guarantee' then 730
                        when 'fixed_asset' then 1825 when 'project_finance' then 3650
                        else 1460
                    end as term_days
                from loans as l
            ),
            dated as (
                select
                    s.*,
                    greatest(relationship_start_date,
                             as_of() - cast(floor(rnd2('lstart', i, k) * ({self.args.days} + term_days)) as integer))
                        as start_date
                from shaped as s
            )
            select
                d.*,
                start_date + term_days as maturity_date,
                round(greatest(1e5, least(5e9,
                    case when customer_kind = 'enterprise' then revenue_level * (0.03 + 0.25 * rnd2('lamt', i, k))
                         else 1e6 + 1e8 * rnd2('lamt', i, k) end))
                    / case currency when 'CNY' then 1 else 7 end, -3) as contract_amount,
                -- some exposures go bad: the day they start to deteriorate
                case when rnd2('npl', i, k) < 0.07 and exposure_type = 'on_balance'
                     then start_date + cast(floor(rnd2('nplday', i, k) * term_days) as integer) end
                    as deterioration_date
            from dated as d
        """)
        self.create(
            "credit_loans",
            """
            select
                loan_id,
                customer_id,
                product_code,
                exposure_type,
                currency,
                contract_amount,
                case when exposure_type = 'off_balance' then 0
                     else round(0.028 + 0.027 * rnd2('lrate', i, k), 6) end as customer_rate,
                case when exposure_type = 'off_balance' then 0
                     else round(0.021 + 0.006 * rnd2('lftp', i, k), 6) end as ftp_rate,
                start_date,
                maturity_date
            from _gen.loans
        """,
        )

    def loan_balances(self) -> None:
        self.create(
            "credit_loan_balances",
            f"""
            with days as (
                select start_day() + cast(d as integer) as day, d
                from range(0, {self.args.days}) as t(d)
            )
            select
                l.loan_id,
                days.day as balance_date,
                round(l.contract_amount * case
                    when l.product_code in ('fixed_asset', 'project_finance', 'syndicated')
                        then 1 - 0.8 * (days.day - l.start_date) / l.term_days
                    else 1 end, 2) as outstanding_balance,
                case
                    when l.deterioration_date is null or days.day < l.deterioration_date then 'normal'
                    when days.day < l.deterioration_date + 90 or rnd2('recover', l.i, l.k) < 0.35 then 'special_mention'
                    when days.day < l.deterioration_date + 270 then 'substandard'
                    when days.day < l.deterioration_date + 540 then 'doubtful'
                    else 'loss'
                end as five_category
            from _gen.loans as l
            inner join days
                on days.day >= l.start_date
               and days.day < l.maturity_date
               and (l.closed_date is null or days.day < l.closed_date)
        """,
        )

    def ratings(self) -> None:
        grades = "['AAA', 'AA', 'A', 'BBB', 'BB', 'B', 'CCC', 'CC', 'C', 'D']"
        self.create(
            "credit_ratings",
            f"""
            with rated as (
                select c.*
                from _gen.customers as c
                where (is_borrower and rnd('unrated', i) >= 0.05)
                   or (not is_borrower and customer_kind = 'enterprise' and rnd('rated', i) < 0.2)
            ),
            dates as (
                select
                    r.*, q,
                    start_day() - 180 + cast(q * 182 + floor(rnd2('rdate', i, q) * 60) as integer) as rating_date
                from rated as r
                cross join range(0, {self.args.days // 182 + 2}) as t(q)
            ),
            worst as (
                select customer_id, min(deterioration_date) as deterioration_date
                from _gen.loans group by customer_id
            ),
            graded as (
                select
                    d.*,
                    cast(greatest(0, least(9,
                        round(7.5 - log10(greatest(revenue_level, 1e5)) * 0.75 + 3 * rnd('rscore', i)
                              + (rnd2('rnoise', i, q) - 0.5)
                              + case when w.deterioration_date <= d.rating_date then 3 else 0 end))) as integer)
                        as grade_index
                from dates as d
                left join worst as w on d.customer_id = w.customer_id
                where d.rating_date <= as_of() and d.rating_date >= d.relationship_start_date
            )
            select customer_id, rating_date, {grades}[grade_index + 1] as rating
            from graded
        """,
        )

    def bureau(self) -> None:
        months = (self.as_of.year - self.start.year) * 12 + self.as_of.month - self.start.month + 1
        self.create(
            "bureau_credit_summary",
            f"""
            with months as (
                select cast(date_trunc('month', start_day()) + to_months(cast(m as integer)) as date) as report_month, m
                from range(1, {months}) as t(m)
            ),
            own as (
                select l.customer_id, b.balance_date, sum(b.outstanding_balance * case l.currency when 'CNY' then 1 else 7.1 end) as own_cny
                from {self.table("credit_loan_balances")} as b
                inner join _gen.loans as l on b.loan_id = l.loan_id
                where extract(day from b.balance_date) = 1
                group by all
            ),
            borrowers as (
                select * from _gen.customers where is_borrower and rnd('nobureau', i) >= 0.1
            )
            select
                c.customer_id,
                months.report_month,
                round(coalesce(own.own_cny, 0) * (1 + 2.5 * rnd('otherbanks', c.i))
                      + case when rnd('othersonly', c.i) < 0.2 then c.revenue_level * 0.05 else 0 end, 2)
                    as total_credit_balance_cny
            from borrowers as c
            cross join months
            left join own on own.customer_id = c.customer_id and own.balance_date = months.report_month
            where rnd2('bmiss', c.i, months.m) >= 0.05
              and months.report_month >= c.relationship_start_date
        """,
        )

    def prospects(self) -> None:
        n = max(20, self.args.customers // 8)
        n_branches = self.con.execute("select count(*) from _gen.branch_index").fetchone()[0]
        n_groups = self.con.execute("select count(*) from _gen.group_index").fetchone()[0]
        prefix_cases = " ".join(f"when '{k}' then '{v}'" for k, v in USCC_PREFIX.items())
        section_words = " ".join(f"when '{k}' then '{v}'" for k, v in SECTION_WORDS.items())
        self.sql(f"""
            create or replace table _gen.prospects as
            select
                p,
                'P' || lpad(cast(p as varchar), 7, '0') as prospect_id,
                case when rnd('pkind', p) < 0.9 then 'enterprise'
                     when rnd('pkind', p) < 0.95 then 'public_institution'
                     else 'financial_institution' end as customer_kind,
                d.section || d.division || cast(1 + hash(p, 'pg3') % 9 as varchar) as industry_code,
                least(6e10, 1.5e6 / pow(greatest(rnd('prev', p), 1e-6), 1.4)) as revenue_level,
                as_of() - cast(floor(rnd('pcreated', p) * 900) as integer) as created_date
            from range(1, {n + 1}) as t(p)
            inner join _gen.divisions as d on rnd('pind', p) >= d.lo and rnd('pind', p) < d.hi
        """)
        n_customers = self.args.customers
        self.create(
            "crm_prospects",
            f"""
            select
                pr.prospect_id,
                substr('{NAME_CHARS}', 1 + cast(hash(p, 'pn1') % {len(NAME_CHARS)} as integer), 1)
                || substr('{NAME_CHARS}', 1 + cast(hash(p, 'pn2') % {len(NAME_CHARS)} as integer), 1)
                || case substr(pr.industry_code, 1, 1) {section_words} end || '有限公司 P' || cast(p as varchar)
                    as prospect_name,
                case
                    -- a prospect the bank already serves (found by USCC)
                    when rnd('dupcust', p) < 0.04 then
                        (select c.uscc from {self.table("ecif_customers")} as c
                         where c.customer_id = 'C' || lpad(cast(1 + hash(p, 'which') % {n_customers} as varchar), 8, '0'))
                    when rnd('pusccbad', p) < 0.01 then substr(uscc_code('91', prospect_id), 1, 17) || 'I'
                    else uscc_code(case customer_kind {prefix_cases} end, prospect_id)
                end as uscc,
                customer_kind,
                industry_code,
                b.branch_id,
                case when rnd('pgrp', p) < 0.04
                     then (select g.group_id from _gen.group_index as g where g.idx = hash(p, 'pgid') % {n_groups})
                end as group_id,
                case when rnd('pfin', p) < 0.15 then null else round(revenue_level, 2) end as annual_revenue_cny,
                case when rnd('pfin', p) < 0.18 then null
                     else round(revenue_level * (0.5 + 2 * rnd('passets', p)), 2) end as total_assets_cny,
                case when rnd('pfin', p) < 0.20 then null
                     else cast(greatest(5, revenue_level / (3e5 + 1.5e6 * rnd('pprod', p))) as integer) end
                    as employee_count,
                case when rnd('pgrowth', p) < 0.1 then null
                     else round(-0.45 + 1.4 * pow(rnd('pgr', p), 1.3), 4) end as revenue_growth_rate,
                created_date,
                case when rnd('pstatus', p) < 0.65 then 'open'
                     when rnd('pstatus', p) < 0.80 then 'converted'
                     else 'dropped' end as status
            from _gen.prospects as pr
            inner join _gen.branch_index as b on b.idx = hash(p, 'pbranch') % {n_branches}
        """,
        )
        self.create(
            "crm_prospect_assessments",
            """
            select
                pr.prospect_id,
                least(as_of(), pr.created_date + cast(10 + k * 120 + floor(rnd2('adate', p, k) * 60) as integer))
                    as assessed_date,
                round(20 + 80 * rnd2('mi', p, k), 2) as market_influence_score,
                round(10 + 90 * rnd2('ci', p, k), 2) as chain_influence_score,
                round(30 + 70 * rnd2('pf', p, k), 2) as product_fit_score,
                round(20 + 80 * rnd2('mf', p, k), 2) as marketing_feasibility_score,
                round(30 + 70 * rnd2('pa', p, k), 2) as product_advantage_score,
                round(40 + 60 * rnd2('sc', p, k), 2) as service_convenience_score
            from _gen.prospects as pr
            cross join range(0, 3) as t(k)
            where k < cast(floor(rnd('nassess', p) * 4) as integer)
              and pr.created_date + cast(10 + k * 120 as integer) <= as_of()
        """,
        )

    def surveys(self) -> None:
        years = self.args.days // 365 + 1
        self.create(
            "crm_satisfaction_surveys",
            f"""
            with candidate as (
                select c.*, y,
                       as_of() - cast(floor((y + rnd2('sday', i, y)) * 365) as integer) as survey_date
                from _gen.customers as c
                cross join range(0, {years}) as t(y)
                where rnd2('survey', i, y) < 0.3
            ),
            kept as (
                select *, row_number() over (order by i, y) as seq
                from candidate
                where survey_date >= relationship_start_date
                  and survey_date >= start_day()
                  and (closed_date is null or survey_date < closed_date)
            )
            select
                'S' || substr(customer_id, 2) || lpad(cast(y as varchar), 2, '0') as survey_id,
                customer_id,
                survey_date,
                -- a few scores outside 0-100 (kept, clamped and flagged), at least one each way
                case
                    when seq = 1 or rnd2('sout', i, y) < 0.004 then 100 + round(0.01 + 10 * rnd2('sover', i, y), 2)
                    when seq = 2 or rnd2('sout', i, y) < 0.006 then -round(5 * rnd2('sunder', i, y), 2) - 0.01
                    else round(45 + 55 * pow(rnd2('sscore', i, y), 0.6), 2)
                end as score
            from kept
        """,
        )

    def agreements(self) -> None:
        self.create(
            "crm_agreements",
            """
            with candidate as (
                select c.*, k
                from _gen.customers as c
                cross join range(0, 3) as t(k)
                where rnd('agr', i) < 0.45 and k < 1 + cast(floor(rnd('nagr', i) * 3) as integer)
            ),
            typed as (
                select
                    *,
                    case
                        when revenue_level > 1e9 and k = 0 then 'strategic_cooperation'
                        when rnd2('atype', i, k) < 0.3 then 'cash_management'
                        when rnd2('atype', i, k) < 0.55 then 'payroll'
                        when rnd2('atype', i, k) < 0.85 then 'bank_enterprise_direct'
                        else 'other'
                    end as agreement_type,
                    relationship_start_date
                        + cast(floor(rnd2('asign', i, k) * (as_of() - relationship_start_date + 1)) as integer)
                        as sign_date
                from candidate
            )
            select
                'G' || substr(customer_id, 2) || lpad(cast(k + 1 as varchar), 2, '0') as agreement_id,
                customer_id,
                agreement_type,
                sign_date,
                case when rnd2('aopen', i, k) < 0.4 then null
                     else sign_date + 365 * (1 + cast(floor(rnd2('aterm', i, k) * 5) as integer)) end as expiry_date
            from typed
        """,
        )

    # ------------------------------------------------------------------ flags
    def record_key_sql(self, table: str) -> str:
        """SQL of the contract's record_key: key values trimmed, joined by |, dates as
        YYYY-MM-DD (an unparseable date as its text), a missing part empty."""
        columns, key = CONTRACT[table]
        types = dict(columns)
        parts = []
        for col in key:
            if types[col] == "DATE":
                day = f"try_cast({col} as date)"
                parts.append(
                    f"coalesce(strftime(case when isfinite({day}) then {day} end, '%Y-%m-%d'), "
                    f"trim(cast({col} as varchar)), '')"
                )
            else:
                parts.append(f"coalesce(trim(cast({col} as varchar)), '')")
        return " || '|' || ".join(parts)

    def collect_flags(self) -> None:
        """Record the usable-but-suspicious values the generator wrote (kept, flagged)."""
        queries = {
            "negative_credit_balance": ("credit_loan_balances", "try_cast(outstanding_balance as decimal(20,2)) < 0"),
            "zero_revenue": ("ecif_customer_financials", "try_cast(annual_revenue_cny as decimal(20,2)) = 0"),
            "survey_score_clamped": (
                "crm_satisfaction_surveys",
                "not (try_cast(score as decimal(5,2)) between 0 and 100)",
            ),
        }
        for flag, (table, where) in queries.items():
            for (key,) in self.con.execute(
                f"select {self.record_key_sql(table)} as record_key from {self.table(table)} where {where} "
                "order by record_key"
            ).fetchall():
                self.flagged.append({"table": table, "record_key": key, "flag": flag})

    def negative_credit_balances(self) -> None:
        """A few exposures with a negative outstanding balance: kept and flagged, not rejected."""
        self.sql(f"""
            update {self.table("credit_loan_balances")}
            set outstanding_balance = -outstanding_balance
            where rnd('negcredit', loan_id || cast(balance_date as varchar)) < 0.0002
        """)

    def messy_codes(self) -> None:
        """Valid values as loaders really write them: padded keys and codes in upper case.

        They must all be staged after trimming and case normalisation, never rejected."""
        self.sql(f"""
            update {self.table("ecif_customers")}
            set status = upper(status), customer_kind = ' ' || customer_kind || ' ',
                industry_code = lower(industry_code) || ' '
            where rnd('messy', customer_id) < 0.01
        """)
        self.sql(f"""
            update {self.table("core_deposit_accounts")}
            set currency = lower(currency), account_nature = upper(account_nature), customer_id = customer_id || ' '
            where rnd('messy', account_id) < 0.01
        """)
        self.sql(f"""
            update {self.table("core_transactions")}
            set channel = upper(channel), direction = ' ' || direction
            where rnd('messy', txn_id) < 0.01
        """)

    # ------------------------------------------------------------------ bad rows
    def plant(self, table: str, text: bool) -> None:
        columns, key = CONTRACT[table]
        reasons = dict(PLANTS[table])
        if text and table in WRONG_TYPE:
            reasons["wrong_type"] = []
        names = [r for r in PLANT_ORDER if r in reasons]
        if not names:
            return
        rate = self.args.bad_rate
        full = self.table(table)
        # Each row is drawn once, by a hash of its key. The `len(names)` rows with the
        # smallest hash get one reason each, so every kind appears even in tiny tables;
        # beyond those, a share `rate` of the rows gets a reason picked by the hash.
        row_hash = f"hash({int(self.args.seed)}, 'bad', {', '.join(key)})"
        # (A big table gets every kind from the rate alone, so skip the extra scan there.)
        first = (
            []
            if self.rows[table] * rate > 50 * len(names)
            else [
                h
                for (h,) in self.con.execute(
                    f"select {row_hash} as h from {full} order by h limit {len(names)}"
                ).fetchall()
            ]
        )
        names_sql = "[" + ", ".join(f"'{n}'" for n in names) + "]"
        chosen = " ".join(f"when _h = {h} then '{names[i]}'" for i, h in enumerate(first)) or "when false then null"
        marked = f"""
            select *,
                case {chosen}
                    when (_h % 1000003) < {rate} * 1000003
                        then {names_sql}[1 + cast((_h // 1000003) % {len(names)} as integer)]
                end as _plant
            from (select *, {row_hash} as _h from {full})
        """
        # Text variant: rows not planted otherwise, the smallest by another hash, each get
        # one unreadable value (unreadable_values); `_unread` numbers them from 1.
        unreadable = unreadable_values(table) if text and not self.args.no_unreadable else []
        unread_hash = f"hash({int(self.args.seed)}, 'unreadable', {', '.join(key)})"
        if unreadable:
            marked = f"select *, {unread_hash} as _h2 from ({marked})"
            picked = [
                h
                for (h,) in self.con.execute(
                    f"select _h2 from ({marked}) where _plant is null order by _h2 limit {len(unreadable)}"
                ).fetchall()
            ]
            unreadable = unreadable[: len(picked)]
            numbered = " ".join(f"when _h2 = {h} then {i + 1}" for i, h in enumerate(picked)) or "when false then 0"
            marked = f"select *, case {numbered} end as _unread from ({marked})"
        wrong_col, wrong_value = WRONG_TYPE.get(table, (None, None)) if "wrong_type" in names else (None, None)
        select_cols = []
        copy_cols = []
        for col, typ in columns:
            cases = [
                f"when _plant = '{reason}' then {expr}"
                for reason, muts in reasons.items()
                for c, expr in muts
                if c == col
            ]
            value = f"cast(case {' '.join(cases)} else {col} end as {typ})" if cases else f"cast({col} as {typ})"
            # Copies of a key: customers keep the copy with the latest updated_at, so the
            # planted copy is a day older; other tables keep the first copy in column
            # order, and the planted copy is identical to its original.
            copy = {
                ("ecif_customers", "updated_at"): "updated_at - interval 1 day",
                ("ecif_customers", "customer_name"): "customer_name || '（旧）'",
            }.get((table, col), col)
            copy = f"cast({copy} as {typ})"
            if text:
                value, copy = f"cast({value} as VARCHAR)", f"cast({copy} as VARCHAR)"
                if col == wrong_col:
                    value = f"case when _plant = 'wrong_type' then {wrong_value} else {value} end"
                planted_here = [(i + 1, v) for i, (c, v, _) in enumerate(unreadable) if c == col]
                if planted_here:
                    whens = " ".join(f"when _unread = {i} then {sql_text(v)}" for i, v in planted_here)
                    value = f"case {whens} else {value} end"
            select_cols.append(f"{value} as {col}")
            copy_cols.append(f"{copy} as {col}")
        planted = self.con.execute(f"""
            select {self.record_key_sql(table)} as record_key, _plant
            from (select {", ".join(select_cols)}, _plant from ({marked}) where _plant is not null)
            order by record_key, _plant
        """).fetchall()
        self.planted.extend({"table": table, "record_key": k, "reason_code": r} for k, r in planted)
        if unreadable:
            reasons_sql = " ".join(f"when _unread = {i + 1} then '{r}'" for i, (_, _, r) in enumerate(unreadable))
            columns_sql = " ".join(f"when _unread = {i + 1} then '{c}'" for i, (c, _, _) in enumerate(unreadable))
            values_sql = " ".join(
                f"when _unread = {i + 1} then {sql_text(v)}" for i, (_, v, _) in enumerate(unreadable)
            )
            rows = self.con.execute(f"""
                select {self.record_key_sql(table)} as record_key, case {reasons_sql} end,
                    case {columns_sql} end, case {values_sql} end
                from (select {", ".join(select_cols)}, _unread from ({marked}) where _unread is not null)
                order by record_key
            """).fetchall()
            self.planted.extend(
                {"table": table, "record_key": k, "reason_code": r, "column": c, "value": v} for k, r, c, v in rows
            )
        # The copies first, then the table rewritten with the planted values, then the
        # copies appended: each statement streams (one statement reading `marked` twice
        # would hold the whole marked table in memory).
        self.sql(f"""
            create or replace temp table _planted_copies as
            select {", ".join(copy_cols)} from ({marked}) where _plant = 'duplicate_primary_key'
        """)
        self.sql(f"create or replace table {full} as select {', '.join(select_cols)} from ({marked})")
        self.sql(f"insert into {full} select * from _planted_copies")
        self.sql("drop table _planted_copies")
        self.rows[table] = self.con.execute(f"select count(*) from {full}").fetchone()[0]

    # ------------------------------------------------------------------ run
    def run(self) -> dict:
        started = time.perf_counter()
        self.log(
            f"Generating {self.args.customers:,} customers, {self.args.days} days to {self.as_of} "
            f"(seed {self.args.seed}) into {self.args.database} schema {self.schema}"
        )
        self.setup()
        self.branches()
        self.groups()
        self.customers()
        self.financials()
        self.tags()
        self.deposit_accounts()
        self.deposit_balances()
        self.transactions()
        self.fee_income()
        self.fx_rates()
        self.loans()
        self.loan_balances()
        self.ratings()
        self.bureau()
        self.prospects()
        self.surveys()
        self.agreements()
        generated = time.perf_counter() - started
        self.negative_credit_balances()
        self.messy_codes()
        self.log(
            f"Planting bad rows at rate {self.args.bad_rate}"
            + (" (raw as text, with wrong_type)" if self.args.raw_as_text else "")
        )
        for table in CONTRACT:
            self.plant(table, self.args.raw_as_text)
        self.collect_flags()
        self.swap()
        self.sql("drop schema _gen cascade")
        self.con.execute("checkpoint")
        elapsed = time.perf_counter() - started
        total_rows = sum(self.rows.values())
        summary = {
            "database": str(self.args.database),
            "schema": self.schema,
            "customers": self.args.customers,
            "days": self.args.days,
            "as_of": self.as_of.isoformat(),
            "first_day": self.start.isoformat(),
            "seed": self.args.seed,
            "bad_rate": self.args.bad_rate,
            "raw_as_text": self.args.raw_as_text,
            "row_counts": self.rows,
            "raw_rows": total_rows,
            "seconds": round(elapsed, 3),
            "rows_per_second": round(total_rows / elapsed) if elapsed else None,
            "generation_seconds": round(generated, 3),
            "planted": self.planted,
            "flagged": self.flagged,
        }
        self.con.close()
        self.log(
            f"Wrote {total_rows:,} raw rows in {elapsed:.1f} s: {total_rows / elapsed:,.0f} rows/s; "
            f"planted {len(self.planted):,} bad rows, {len(self.flagged):,} flagged values"
        )
        return summary


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    summary = Generator(args).run()
    manifest = Path(args.manifest or f"{args.database}.manifest.json")
    manifest.parent.mkdir(parents=True, exist_ok=True)
    # Written aside and renamed, so that it always describes whole raw tables of one run.
    partial = manifest.with_name(manifest.name + ".partial")
    partial.write_text(json.dumps(summary, ensure_ascii=False, indent=1), encoding="utf-8")
    os.replace(partial, manifest)
    if not args.quiet:
        print(f"Manifest: {manifest}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
