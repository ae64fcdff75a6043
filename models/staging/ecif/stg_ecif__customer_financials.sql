{#- Accepted rows of raw ecif_customer_financials: the rows base_ecif__customer_financials found clean whose
    parents are staged (stg_ecif__customers); the others are in dq_ecif__rejected_rows. -#}

with base as (

    select * from {{ ref('base_ecif__customer_financials') }}
    where reason_code is null

),

customers as (

    select customer_id from {{ ref('stg_ecif__customers') }}

),

final as (

    select
        base.customer_id,
        base.fiscal_year,
        base.report_date,
        base.annual_revenue_cny,
        base.total_assets_cny,
        base.employee_count,
        base.dq_flags
    from base
    inner join customers
        on base.customer_id = customers.customer_id

)

select * from final
