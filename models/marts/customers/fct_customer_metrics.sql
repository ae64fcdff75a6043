{#- The customer fact (docs/segmentation_rules.md §4, §6): for every in-scope existing customer and as_of_date,
    its balances, financials, accounts and transactions, each bank-value indicator's raw
    value and 0-100 score, and the bank value score. BI-facing. -#}

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

seed_versions as (

    select distinct seeds_fingerprint
    from {{ ref('int_controls__validated') }}

),

final as (

    select
        indicators.as_of_date,
        cast(indicators.customer_id as {{ dbt.type_string() }}) as customer_id,
        cast(indicators.deposit_adb_cny as decimal(24, 6)) as deposit_adb_cny,
        cast(indicators.credit_balance_cny as decimal(38, 10)) as credit_balance_cny,
        cast(indicators.credit_adb_cny as decimal(24, 6)) as credit_adb_cny,
        cast(financials.annual_revenue_cny as decimal(20, 2)) as annual_revenue_cny,
        cast(financials.total_assets_cny as decimal(20, 2)) as total_assets_cny,
        cast(financials.employee_count as integer) as employee_count,
        cast(financials.financials_fiscal_year as integer) as financials_fiscal_year,
        cast(indicators.open_account_count as bigint) as open_account_count,
        cast(indicators.transaction_count as bigint) as transaction_count,
        cast(indicators.transaction_amount_cny as decimal(38, 10)) as transaction_amount_cny,
        cast(indicators.market_share_value as {{ type_double() }}) as market_share_value,
        cast(indicators.market_share_score as {{ type_double() }}) as market_share_score,
        cast(indicators.satisfaction_value as decimal(5, 2)) as satisfaction_value,
        cast(indicators.satisfaction_score as decimal(12, 2)) as satisfaction_score,
        cast(indicators.product_coverage_value as {{ type_double() }}) as product_coverage_value,
        cast(indicators.product_coverage_score as {{ type_double() }}) as product_coverage_score,
        cast(indicators.account_profile_value as bigint) as account_profile_value,
        cast(indicators.account_profile_score as bigint) as account_profile_score,
        cast(indicators.tenure_value as {{ type_double() }}) as tenure_value,
        cast(indicators.tenure_score as {{ type_double() }}) as tenure_score,
        cast(indicators.volume_value as decimal(38, 10)) as volume_value,
        cast(indicators.volume_score as {{ type_double() }}) as volume_score,
        cast(indicators.activity_value as {{ type_double() }}) as activity_value,
        cast(indicators.activity_score as {{ type_double() }}) as activity_score,
        cast(indicators.growth_value as {{ type_double() }}) as growth_value,
        cast(indicators.growth_score as {{ type_double() }}) as growth_score,
        cast(indicators.executive_vip_value as integer) as executive_vip_value,
        cast(indicators.executive_vip_score as integer) as executive_vip_score,
        cast(indicators.asset_quality_value as decimal(5, 2)) as asset_quality_value,
        cast(indicators.asset_quality_score as decimal(5, 2)) as asset_quality_score,
        cast(indicators.agreements_value as bigint) as agreements_value,
        cast(indicators.agreements_score as bigint) as agreements_score,
        cast(indicators.bank_value_score as {{ type_double() }}) as bank_value_score,
        cast(seed_versions.seeds_fingerprint as {{ dbt.type_string() }}) as seeds_fingerprint,
        cast('{{ invocation_id }}' as {{ dbt.type_string() }}) as invocation_id
    from indicators
    left join financials
        on indicators.customer_id = financials.customer_id
    cross join seed_versions

)

select * from final
