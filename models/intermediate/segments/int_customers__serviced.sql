{#- Every in-scope customer's whole segmentation (docs/segmentation_rules.md §2, §3, §8, §9, §10, §13.12): class
    path, tier, bands and segment, lifecycle stage and risk grade, the differentiated
    service of its segment from the strategies seed (strategic-tier customers always
    diamond with a dedicated team, visited at least every diamond_visit_frequency_days),
    and the data-quality flags. -#}

with customers as (

    select * from {{ ref('int_customers__segmented') }}

),

lifecycle as (

    select
        customer_id,
        lifecycle_stage,
        risk_grade
    from {{ ref('int_customers__lifecycle') }}

),

strategies as (

    select
        segment_code,
        service_level,
        dedicated_team,
        visit_frequency_days
    from {{ ref('segment_strategies') }}

),

parameters as (

    select
        customer_id,
        diamond_visit_frequency_days
    from {{ ref('int_customer_parameters__resolved') }}

),

flags as (

    select
        customer_id,
        dq_flags
    from {{ ref('int_customers__flagged') }}

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
        customers.profit_contribution,
        customers.bank_value_score,
        customers.profit_percent_rank,
        customers.bank_value_percent_rank,
        customers.profit_band,
        customers.bank_value_band,
        customers.segment_code,
        lifecycle.lifecycle_stage,
        lifecycle.risk_grade,
        {{ service_level('customers.tier_code', 'strategies.service_level') }} as service_level,
        {{ dedicated_team('customers.tier_code', 'strategies.dedicated_team') }} as dedicated_team,
        {{ visit_frequency_days('customers.tier_code', 'strategies.visit_frequency_days',
                                'parameters.diamond_visit_frequency_days') }} as visit_frequency_days,
        flags.dq_flags
    from customers
    inner join lifecycle
        on customers.customer_id = lifecycle.customer_id
    inner join strategies
        on customers.segment_code = strategies.segment_code
    inner join parameters
        on customers.customer_id = parameters.customer_id
    inner join flags
        on customers.customer_id = flags.customer_id

)

select * from final
