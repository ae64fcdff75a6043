"""What a bad row of each kind of the contract looks like in each raw table, and, in the
text-landed variant (--raw-as-text), the values no cast accepts: the wrong_type value of
each table and the impossible and unreadable values spread over every date and number
column, each with the reason the build must reject its row for."""

from __future__ import annotations

from .contract import CONTRACT

# The orphans of a table whose row names one party (customer_id or prospect_id): variants
# of orphan_foreign_key, each planted at least once (`reason#variant`, see PLANTS).
PARTY_ORPHANS: dict[str, list[tuple[str, str]]] = {
    "orphan_foreign_key": [("customer_id", "'X' || customer_id"), ("prospect_id", "'X' || prospect_id")],
    "orphan_foreign_key#no_party": [("customer_id", "null"), ("prospect_id", "null")],
    "orphan_foreign_key#both_parties": [
        ("customer_id", "coalesce(customer_id, 'C00000001')"),
        ("prospect_id", "coalesce(prospect_id, 'P0000001')"),
    ],
}

# What a bad row of each kind looks like, per table: reason -> list of (column, SQL
# expression over the clean row). Reasons are those of the contract; `wrong_type`
# only exists when the raw tables are text. A reason written `reason#variant` is another
# way to plant the same reason, planted (and at least once) as a kind of its own.
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
    # The optional tables name one party, a customer or a prospect. Their orphans are of three
    # kinds: a party that does not exist, no party at all (#no_party), both parties
    # (#both_parties, the other one a customer or a prospect of any demo data set).
    "crm_customer_managers": {
        "null_primary_key": [("assignment_id", "null")],
        "duplicate_primary_key": [],
        "unknown_code": [("manager_role", "'lead'")],
        "impossible_date": [("valid_to", "valid_from - 1")],
        **PARTY_ORPHANS,
    },
    "crm_visits": {
        "null_primary_key": [("visit_id", "null")],
        "duplicate_primary_key": [],
        "unknown_code": [("channel", "'fax'")],
        "impossible_date": [("visit_date", "date '1899-12-31'")],
        **PARTY_ORPHANS,
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
    "crm_customer_managers": ("valid_from", "'2025-02-29'"),
    "crm_visits": ("visit_date", "'last tuesday'"),
}
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
# The order of the reasons a table can be planted with (the hash picks among them by position).
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
