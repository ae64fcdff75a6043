{#- Accepted rows of raw bureau_credit_summary: the rows base_bureau__credit_summary found clean whose
    parents are staged (stg_ecif__customers); the others are in dq_bureau__rejected_rows. -#}

with base as (

    select * from {{ ref('base_bureau__credit_summary') }}
    where reason_code is null

),

customers as (

    select customer_id from {{ ref('stg_ecif__customers') }}

),

final as (

    select
        base.customer_id,
        base.report_month,
        base.total_credit_balance_cny
    from base
    inner join customers
        on base.customer_id = customers.customer_id

)

select * from final
