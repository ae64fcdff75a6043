{#- Every customer of the segment fact's as_of_date slice next to its own row in the
    latest earlier slice (docs/segmentation_rules.md §15, the retention action): segment,
    tier and lifecycle stage at both dates with their ranks (retention_ranks.csv), deposit
    ADB at both dates (fct_customer_metrics) and the branch's deposit_adb_drop_ratio. The
    earlier slice is the latest as_of_date before this one that fct_customer_segments
    holds; without one (the first slice), or for a customer absent from it (new in
    scope), the previous columns are null and nothing is compared. -#}
{%- set as_of = as_of_date() %}

with segments as (

    select
        as_of_date,
        customer_id,
        branch_id,
        segment_code,
        tier_code,
        lifecycle_stage,
        visit_frequency_days
    from {{ ref('fct_customer_segments') }}

),

metrics as (

    select
        as_of_date,
        customer_id,
        deposit_adb_cny
    from {{ ref('fct_customer_metrics') }}

),

ranks as (

    select
        code_type,
        code,
        rank_order
    from {{ ref('retention_ranks') }}

),

parameters as (

    select
        customer_id,
        deposit_adb_drop_ratio
    from {{ ref('int_customer_parameters__resolved') }}

),

previous_date as (

    select max(as_of_date) as previous_as_of_date
    from segments
    where as_of_date < {{ date_literal(as_of) }}

),

current_customers as (

    select *
    from segments
    where as_of_date = {{ date_literal(as_of) }}

),

previous_customers as (

    select segments.*
    from segments
    inner join previous_date
        on segments.as_of_date = previous_date.previous_as_of_date

),

compared as (

    select
        current_customers.as_of_date,
        current_customers.customer_id,
        current_customers.branch_id,
        current_customers.segment_code,
        current_customers.tier_code,
        current_customers.lifecycle_stage,
        current_customers.visit_frequency_days,
        previous_date.previous_as_of_date,
        previous_customers.segment_code as previous_segment_code,
        previous_customers.tier_code as previous_tier_code,
        previous_customers.lifecycle_stage as previous_lifecycle_stage
    from current_customers
    cross join previous_date
    left join previous_customers
        on current_customers.customer_id = previous_customers.customer_id

),

final as (

    select
        compared.as_of_date,
        compared.customer_id,
        compared.branch_id,
        compared.segment_code,
        compared.tier_code,
        compared.lifecycle_stage,
        compared.visit_frequency_days,
        compared.previous_as_of_date,
        compared.previous_segment_code,
        compared.previous_tier_code,
        compared.previous_lifecycle_stage,
        segment_ranks.rank_order as segment_rank,
        previous_segment_ranks.rank_order as previous_segment_rank,
        tier_ranks.rank_order as tier_rank,
        previous_tier_ranks.rank_order as previous_tier_rank,
        current_metrics.deposit_adb_cny,
        previous_metrics.deposit_adb_cny as previous_deposit_adb_cny,
        parameters.deposit_adb_drop_ratio
    from compared
    left join ranks as segment_ranks
        on segment_ranks.code_type = 'segment_code' and compared.segment_code = segment_ranks.code
    left join ranks as previous_segment_ranks
        on
            previous_segment_ranks.code_type = 'segment_code'
            and compared.previous_segment_code = previous_segment_ranks.code
    left join ranks as tier_ranks
        on tier_ranks.code_type = 'tier_code' and compared.tier_code = tier_ranks.code
    left join ranks as previous_tier_ranks
        on previous_tier_ranks.code_type = 'tier_code' and compared.previous_tier_code = previous_tier_ranks.code
    left join metrics as current_metrics
        on
            compared.as_of_date = current_metrics.as_of_date
            and compared.customer_id = current_metrics.customer_id
    left join metrics as previous_metrics
        on
            compared.previous_as_of_date = previous_metrics.as_of_date
            and compared.customer_id = previous_metrics.customer_id
    left join parameters
        on compared.customer_id = parameters.customer_id

)

select * from final
