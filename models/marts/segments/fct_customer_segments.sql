{#- The segment fact (RULES 2, 3, 8, 9, 10): every in-scope existing customer once per
    as_of_date with its class path, tier, profit contribution and bank value score, the
    bands and segment they give, lifecycle stage, risk grade and service, each code with
    its Chinese label, and the data-quality flags. BI-facing. -#}
-- depends_on: {{ ref('int_controls__validated') }}
{%- set coded = [
    ['credit_status', 'credit_status'], ['market_class', 'market_class'],
    ['institution_type', 'institution_type'], ['market_segment', 'market_segment'],
    ['emerging_subtype', 'emerging_subtype'], ['tier_code', 'tier_code'], ['tier_basis', 'tier_basis'],
    ['profit_band', 'band'], ['bank_value_band', 'band'], ['segment_code', 'segment_code'],
    ['lifecycle_stage', 'lifecycle_stage'], ['risk_grade', 'risk_grade'], ['service_level', 'service_level'],
] %}

with customers as (

    select * from {{ ref('int_customers__serviced') }}

),

labels as (

    select
        code_type,
        code,
        label_zh
    from {{ ref('labels') }}

),

final as (

    select
        customers.as_of_date,
        customers.customer_id,
        customers.branch_id,
        customers.region_code,
        customers.credit_status,
        customers.market_class,
        customers.institution_type,
        customers.market_segment,
        customers.emerging_subtype,
        customers.is_cross_border,
        customers.is_strategic,
        customers.tier_code,
        customers.tier_basis,
        cast(customers.profit_contribution as decimal(25, 2)) as profit_contribution,
        cast(customers.bank_value_score as {{ type_double() }}) as bank_value_score,
        cast(customers.profit_percent_rank as {{ type_double() }}) as profit_percent_rank,
        cast(customers.bank_value_percent_rank as {{ type_double() }}) as bank_value_percent_rank,
        customers.profit_band,
        customers.bank_value_band,
        customers.segment_code,
        customers.lifecycle_stage,
        customers.risk_grade,
        customers.service_level,
        customers.dedicated_team,
        cast(customers.visit_frequency_days as integer) as visit_frequency_days,
        customers.dq_flags,
        {{- label_columns(coded) }}
    from customers
    {{- label_joins('customers', coded) }}

)

select * from final
