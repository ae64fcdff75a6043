{#- Accepted rows of raw crm_agreements: the rows base_crm__agreements found clean whose
    parents are staged (stg_ecif__customers); the others are in dq_crm__rejected_rows. -#}

with base as (

    select * from {{ ref('base_crm__agreements') }}
    where reason_code is null

),

customers as (

    select customer_id from {{ ref('stg_ecif__customers') }}

),

final as (

    select
        base.agreement_id,
        base.customer_id,
        base.agreement_type,
        base.sign_date,
        base.expiry_date
    from base
    inner join customers
        on base.customer_id = customers.customer_id

)

select * from final
