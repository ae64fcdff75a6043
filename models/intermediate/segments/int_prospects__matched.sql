{#- Every open prospect created on or before as_of_date (docs/segmentation_rules.md §7, §13.13), with the
    in-scope existing customer whose USCC it carries (exact match), if any: a prospect
    that is already a customer is reported on that customer (prospect_already_customer)
    and is not a target. Status is today's (docs/segmentation_rules.md §13.18). -#}
{%- set window = lookback_window() %}

with prospects as (

    select
        prospect_id,
        uscc,
        customer_kind,
        industry_code,
        branch_id,
        group_id,
        annual_revenue_cny,
        total_assets_cny,
        employee_count,
        dq_flags
    from {{ ref('stg_crm__prospects') }}
    where
        status = 'open'
        and created_date <= {{ date_literal(window.as_of) }}

),

customers as (

    select
        uscc,
        min(customer_id) as customer_id
    from {{ ref('int_customers__in_scope') }}
    where uscc is not null
    group by uscc

),

final as (

    select
        cast({{ date_literal(window.as_of) }} as date) as as_of_date,
        prospects.prospect_id,
        prospects.uscc,
        prospects.customer_kind,
        prospects.industry_code,
        prospects.branch_id,
        prospects.group_id,
        prospects.annual_revenue_cny,
        prospects.total_assets_cny,
        prospects.employee_count,
        prospects.dq_flags,
        customers.customer_id as matched_customer_id
    from prospects
    left join customers
        on prospects.uscc = customers.uscc

)

select * from final
