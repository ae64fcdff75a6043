{#- Accepted rows of raw ecif_customer_tags: the rows base_ecif__customer_tags found clean whose
    parents are staged (stg_ecif__customers); the others are in dq_ecif__rejected_rows. -#}

with base as (

    select * from {{ ref('base_ecif__customer_tags') }}
    where reason_code is null

),

customers as (

    select customer_id from {{ ref('stg_ecif__customers') }}

),

final as (

    select
        base.customer_id,
        base.tag,
        base.tagged_date
    from base
    inner join customers
        on base.customer_id = customers.customer_id

)

select * from final
