"""The raw-data contract (docs/raw_data_contract.md) as the generator writes it: every raw
table's columns in contract order with their types, its primary key, and the record_key
that names a row in the manifest."""

from __future__ import annotations

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
    # Optional tables (docs/raw_data_contract.md "Optional tables"): a bank may have neither.
    "crm_customer_managers": (
        [
            ("assignment_id", "VARCHAR"),
            ("customer_id", "VARCHAR"),
            ("prospect_id", "VARCHAR"),
            ("manager_id", "VARCHAR"),
            ("manager_name", "VARCHAR"),
            ("branch_id", "VARCHAR"),
            ("manager_role", "VARCHAR"),
            ("valid_from", "DATE"),
            ("valid_to", "DATE"),
        ],
        ["assignment_id"],
    ),
    "crm_visits": (
        [
            ("visit_id", "VARCHAR"),
            ("customer_id", "VARCHAR"),
            ("prospect_id", "VARCHAR"),
            ("manager_id", "VARCHAR"),
            ("visit_date", "DATE"),
            ("channel", "VARCHAR"),
            ("summary", "VARCHAR"),
        ],
        ["visit_id"],
    ),
}

# The contract's optional tables: the project builds without them (their staged models are
# then empty), and the quality gate and the nightly run do not ask for them.
OPTIONAL_TABLES = frozenset({"crm_customer_managers", "crm_visits"})

# Per table, the foreign keys that may be null because the row names one party of several
# (exactly one of customer_id and prospect_id is set): their null rate is no key check.
PARTY_KEYS: dict[str, tuple[str, ...]] = {
    "crm_customer_managers": ("customer_id", "prospect_id"),
    "crm_visits": ("customer_id", "prospect_id"),
}


def record_key_sql(table: str) -> str:
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
