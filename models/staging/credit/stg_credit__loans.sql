{#- Accepted rows of raw credit_loans: the rows base_credit__loans found clean whose
    parents are staged (stg_ecif__customers, product_catalog); the others are in dq_credit__rejected_rows. -#}

with base as (

    select * from {{ ref('base_credit__loans') }}
    where reason_code is null

),

customers as (

    select customer_id from {{ ref('stg_ecif__customers') }}

),

product_catalog as (

    select product_code from {{ ref('product_catalog') }}

),

final as (

    select
        base.loan_id,
        base.customer_id,
        base.product_code,
        base.exposure_type,
        base.currency,
        base.contract_amount,
        base.customer_rate,
        base.ftp_rate,
        base.start_date,
        base.maturity_date
    from base
    inner join customers
        on base.customer_id = customers.customer_id
    inner join product_catalog
        on base.product_code = product_catalog.product_code

)

select * from final
