{#- The customer fact (docs/segmentation_rules.md §4, §6): for every in-scope existing customer and as_of_date,
    its balances, financials, accounts and transactions, each bank-value indicator's raw
    value and 0-100 score, and the bank value score. BI-facing. -#}
-- depends_on: {{ ref('int_controls__validated') }}

with indicators as (

    select * from {{ ref('int_customer_indicators__scored') }}

),

financials as (

    select
        customer_id,
        annual_revenue_cny,
        total_assets_cny,
        employee_count,
        financials_fiscal_year
    from {{ ref('int_customer_financials__latest') }}

),

final as (

    select
        indicators.as_of_date,
        indicators.customer_id,
        indicators.deposit_adb_cny,
        indicators.credit_balance_cny,
        indicators.credit_adb_cny,
        financials.annual_revenue_cny,
        financials.total_assets_cny,
        financials.employee_count,
        financials.financials_fiscal_year,
        indicators.open_account_count,
        indicators.transaction_count,
        indicators.transaction_amount_cny,
        indicators.market_share_value,
        indicators.market_share_score,
        indicators.satisfaction_value,
        indicators.satisfaction_score,
        indicators.product_coverage_value,
        indicators.product_coverage_score,
        indicators.account_profile_value,
        indicators.account_profile_score,
        indicators.tenure_value,
        indicators.tenure_score,
        indicators.volume_value,
        indicators.volume_score,
        indicators.activity_value,
        indicators.activity_score,
        indicators.growth_value,
        indicators.growth_score,
        indicators.executive_vip_value,
        indicators.executive_vip_score,
        indicators.asset_quality_value,
        indicators.asset_quality_score,
        indicators.agreements_value,
        indicators.agreements_score,
        indicators.bank_value_score
    from indicators
    left join financials
        on indicators.customer_id = financials.customer_id

)

select * from final
