{#- 分层 of every in-scope customer (docs/segmentation_rules.md §3, §13.5): with-credit corporate customers by
    the strategic list and the corporate size rule (size_tier_code), with-credit
    institutional customers by the strategic list and then the deposit scale, customers
    without credit by the deposit scale (strategic members too: is_strategic stays true).
    tier_basis says why. Financials: the latest fiscal year received on or before
    as_of_date. -#}
{%- set days = var('lookback_days') | int %}
{%- set size = size_rule_columns() %}

with customers as (

    select * from {{ ref('int_customers__classified') }}

),

indicators as (

    select
        customer_id,
        deposit_balance_sum_cny
    from {{ ref('int_customer_indicators__valued') }}

),

financials as (

    select
        customer_id,
        annual_revenue_cny,
        total_assets_cny,
        employee_count
    from {{ ref('int_customer_financials__latest') }}

),

parameters as (

    select
        customer_id,
        large_revenue_threshold_cny,
        large_revenue_threshold_reduced_cny,
        deposit_scale_threshold_cny
    from {{ ref('int_customer_parameters__resolved') }}

),

standards as (

    select
        industry_group,
        medium_min_revenue_cny,
        medium_min_assets_cny,
        medium_min_employees
    from {{ ref('sme_size_standards') }}

),

sized as (

    select
        customers.*,
        financials.annual_revenue_cny,
        financials.total_assets_cny,
        financials.employee_count,
        parameters.large_revenue_threshold_cny,
        parameters.large_revenue_threshold_reduced_cny,
        parameters.deposit_scale_threshold_cny,
        standards.medium_min_revenue_cny,
        standards.medium_min_assets_cny,
        standards.medium_min_employees,
        coalesce(indicators.deposit_balance_sum_cny, 0) as deposit_balance_sum_cny,
        coalesce(
            financials.annual_revenue_cny is not null
            or financials.total_assets_cny is not null
            or financials.employee_count is not null,
            false
        ) as has_financials,
        coalesce(
            standards.medium_min_revenue_cny is not null
            or standards.medium_min_assets_cny is not null
            or standards.medium_min_employees is not null,
            false
        ) as has_medium_standard
    from customers
    inner join parameters
        on customers.customer_id = parameters.customer_id
    left join indicators
        on customers.customer_id = indicators.customer_id
    left join financials
        on customers.customer_id = financials.customer_id
    left join standards
        on customers.industry_group = standards.industry_group

),


final as (

    select
        as_of_date,
        customer_id,
        branch_id,
        credit_status,
        market_class,
        institution_type,
        market_segment,
        emerging_subtype,
        is_cross_border,
        is_strategic,
        industry_group,
        is_reduced_threshold,
        annual_revenue_cny,
        total_assets_cny,
        employee_count,
        large_revenue_threshold_cny,
        large_revenue_threshold_reduced_cny,
        medium_min_revenue_cny,
        medium_min_assets_cny,
        medium_min_employees,
        deposit_scale_threshold_cny,
        {{ average_daily('deposit_balance_sum_cny', days) }} as deposit_adb_cny,
        case
            when credit_status = 'with_credit' and market_class = 'corporate' then {{ size_tier_code(size) }}
            when credit_status = 'with_credit' and is_strategic then 'strategic'
            else {{ scale_tier_code('deposit_balance_sum_cny', 'deposit_scale_threshold_cny', days) }}
        end as tier_code,
        case
            when credit_status = 'with_credit' and market_class = 'corporate' then {{ size_tier_basis(size) }}
            when credit_status = 'with_credit' and is_strategic then 'strategic_list'
            else 'deposit_adb'
        end as tier_basis,
        coalesce(annual_revenue_cny = 0, false) as has_zero_revenue
    from sized

)

select * from final
