{#- Accepted rows of raw crm_visits: the rows base_crm__visits found clean whose parent
    is staged (the customer in stg_ecif__customers or the prospect in stg_crm__prospects,
    whichever the row names); the others are in dq_crm__rejected_rows. manager_id is no
    foreign key. Empty when the bank has no such raw table. -#}

with base as (

    select * from {{ ref('base_crm__visits') }}
    where reason_code is null

),

customers as (

    select customer_id from {{ ref('stg_ecif__customers') }}

),

prospects as (

    select prospect_id from {{ ref('stg_crm__prospects') }}

),

final as (

    select
        base.visit_id,
        base.customer_id,
        base.prospect_id,
        base.manager_id,
        base.visit_date,
        base.channel,
        base.summary
    from base
    left join customers
        on base.customer_id = customers.customer_id
    left join prospects
        on base.prospect_id = prospects.prospect_id
    where
        (base.customer_id is null or customers.customer_id is not null)
        and (base.prospect_id is null or prospects.prospect_id is not null)

)

select * from final
