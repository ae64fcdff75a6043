{#- The segment fact (docs/segmentation_rules.md §2, §3, §8, §9, §10): every in-scope existing customer once per
    as_of_date with its class path, tier, profit contribution and bank value score, the
    bands and segment they give, lifecycle stage, risk grade and service, each code with
    its Chinese label, and the data-quality flags. BI-facing. -#}
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

seed_versions as (

    select distinct seeds_fingerprint
    from {{ ref('int_controls__validated') }}

),

final as (

    select
        customers.as_of_date,
        cast(customers.customer_id as {{ dbt.type_string() }}) as customer_id,
        cast(customers.branch_id as {{ dbt.type_string() }}) as branch_id,
        cast(customers.region_code as {{ dbt.type_string() }}) as region_code,
        cast(customers.credit_status as {{ dbt.type_string() }}) as credit_status,
        cast(customers.market_class as {{ dbt.type_string() }}) as market_class,
        cast(customers.institution_type as {{ dbt.type_string() }}) as institution_type,
        cast(customers.market_segment as {{ dbt.type_string() }}) as market_segment,
        cast(customers.emerging_subtype as {{ dbt.type_string() }}) as emerging_subtype,
        customers.is_cross_border,
        customers.is_strategic,
        cast(customers.tier_code as {{ dbt.type_string() }}) as tier_code,
        cast(customers.tier_basis as {{ dbt.type_string() }}) as tier_basis,
        cast(customers.profit_contribution as decimal(25, 2)) as profit_contribution,
        cast(customers.bank_value_score as {{ type_double() }}) as bank_value_score,
        cast(customers.profit_percent_rank as {{ type_double() }}) as profit_percent_rank,
        cast(customers.bank_value_percent_rank as {{ type_double() }}) as bank_value_percent_rank,
        cast(customers.profit_band as {{ dbt.type_string() }}) as profit_band,
        cast(customers.bank_value_band as {{ dbt.type_string() }}) as bank_value_band,
        cast(customers.segment_code as {{ dbt.type_string() }}) as segment_code,
        cast(customers.lifecycle_stage as {{ dbt.type_string() }}) as lifecycle_stage,
        cast(customers.risk_grade as {{ dbt.type_string() }}) as risk_grade,
        cast(customers.service_level as {{ dbt.type_string() }}) as service_level,
        customers.dedicated_team,
        cast(customers.visit_frequency_days as integer) as visit_frequency_days,
        cast(customers.dq_flags as {{ dbt.type_string() }}) as dq_flags,
        {{- label_columns(coded) }},
        cast(seed_versions.seeds_fingerprint as {{ dbt.type_string() }}) as seeds_fingerprint,
        cast('{{ invocation_id }}' as {{ dbt.type_string() }}) as invocation_id
    from customers
    {{- label_joins('customers', coded) }}
    cross join seed_versions

)

select * from final
