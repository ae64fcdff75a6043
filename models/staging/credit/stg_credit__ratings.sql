{#- Accepted rows of raw credit_ratings: the rows base_credit__ratings found clean whose
    parents are staged (stg_ecif__customers); the others are in dq_credit__rejected_rows. -#}

with base as (

    select * from {{ ref('base_credit__ratings') }}
    where reason_code is null

),

customers as (

    select customer_id from {{ ref('stg_ecif__customers') }}

),

final as (

    select
        base.customer_id,
        base.rating_date,
        base.rating
    from base
    inner join customers
        on base.customer_id = customers.customer_id

)

select * from final
