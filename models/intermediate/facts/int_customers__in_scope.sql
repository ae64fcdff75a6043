{#- The existing customers the run describes (docs/segmentation_rules.md §12, §13.2): relationship started on
    or before as_of_date, and not closed before the window W began. A customer counts as
    closed only with status closed and a closed_date; one closed on the first day of W
    is in scope, the day before is not. Branch, region and group come from the current
    master (docs/segmentation_rules.md §13.18). -#}
{%- set window = lookback_window() %}

with customers as (

    select
        customer_id,
        uscc,
        customer_kind,
        industry_code,
        branch_id,
        group_id,
        relationship_start_date,
        status,
        closed_date,
        is_cross_border,
        executive_is_bank_vip,
        dq_flags
    from {{ ref('stg_ecif__customers') }}

),

final as (

    select
        cast({{ date_literal(window.as_of) }} as date) as as_of_date,
        customer_id,
        uscc,
        customer_kind,
        industry_code,
        branch_id,
        group_id,
        relationship_start_date,
        status = 'closed' and closed_date <= {{ date_literal(window.as_of) }} as is_closed_on_as_of,
        is_cross_border,
        executive_is_bank_vip,
        dq_flags
    from customers
    where
        relationship_start_date <= {{ date_literal(window.as_of) }}
        and not (status = 'closed' and closed_date < {{ date_literal(window.start) }})

)

select * from final
