{#- The data-quality flags of every in-scope customer (docs/segmentation_rules.md §13.19, §13.23), as the
    codes that apply, sorted and joined by ';' (empty when clean): invalid_uscc (from
    staging), missing_financials (exactly when tier_basis is missing_financials),
    zero_revenue (the financials used show revenue 0), fx_rate_missing (an amount in W had
    no rate), negative_credit_balance (a credit balance in W below 0),
    survey_score_clamped (the survey used lay outside 0-100) and
    prospect_already_customer (an open prospect carries the customer's USCC). -#}

with customers as (

    select
        customer_id,
        dq_flags
    from {{ ref('int_customers__in_scope') }}

),

indicators as (

    select
        customer_id,
        has_fx_rate_missing,
        has_negative_credit_balance,
        satisfaction_value
    from {{ ref('int_customer_indicators__valued') }}

),

tiers as (

    select
        customer_id,
        tier_basis,
        has_zero_revenue
    from {{ ref('int_customers__tiered') }}

),

prospects as (

    select distinct matched_customer_id as customer_id
    from {{ ref('int_prospects__matched') }}
    where matched_customer_id is not null

),

final as (

    select
        customers.customer_id,
        {{ dq_flags([
            ['invalid_uscc', "customers.dq_flags like '%invalid_uscc%'"],
            ['missing_financials', "tiers.tier_basis = 'missing_financials'"],
            ['zero_revenue', 'tiers.has_zero_revenue'],
            ['fx_rate_missing', 'indicators.has_fx_rate_missing'],
            ['negative_credit_balance', 'indicators.has_negative_credit_balance'],
            ['survey_score_clamped', 'indicators.satisfaction_value < 0 or indicators.satisfaction_value > 100'],
            ['prospect_already_customer', 'prospects.customer_id is not null'],
        ]) }} as dq_flags
    from customers
    inner join indicators
        on customers.customer_id = indicators.customer_id
    inner join tiers
        on customers.customer_id = tiers.customer_id
    left join prospects
        on customers.customer_id = prospects.customer_id

)

select * from final
