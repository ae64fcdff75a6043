{#- Accepted rows of raw core_deposit_accounts: the rows base_core__deposit_accounts found clean whose
    parents are staged (stg_ecif__customers, product_catalog); the others are in dq_core__rejected_rows. -#}

with base as (

    select * from {{ ref('base_core__deposit_accounts') }}
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
        base.account_id,
        base.customer_id,
        base.account_nature,
        base.product_code,
        base.currency,
        base.customer_rate,
        base.ftp_rate,
        base.open_date,
        base.close_date
    from base
    inner join customers
        on base.customer_id = customers.customer_id
    inner join product_catalog
        on base.product_code = product_catalog.product_code

)

select * from final
