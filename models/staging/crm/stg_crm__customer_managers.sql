{#- Accepted rows of raw crm_customer_managers: the rows base_crm__customer_managers found
    clean whose parents are staged (the customer in stg_ecif__customers or the prospect in
    stg_crm__prospects, whichever the row names, and the branch in stg_ecif__branches); the
    others are in dq_crm__rejected_rows. Empty when the bank has no such raw table. -#}

with base as (

    select * from {{ ref('base_crm__customer_managers') }}
    where reason_code is null

),

customers as (

    select customer_id from {{ ref('stg_ecif__customers') }}

),

prospects as (

    select prospect_id from {{ ref('stg_crm__prospects') }}

),

branches as (

    select branch_id from {{ ref('stg_ecif__branches') }}

),

final as (

    select
        base.assignment_id,
        base.customer_id,
        base.prospect_id,
        base.manager_id,
        base.manager_name,
        base.branch_id,
        base.manager_role,
        base.valid_from,
        base.valid_to
    from base
    left join customers
        on base.customer_id = customers.customer_id
    left join prospects
        on base.prospect_id = prospects.prospect_id
    inner join branches
        on base.branch_id = branches.branch_id
    where
        (base.customer_id is null or customers.customer_id is not null)
        and (base.prospect_id is null or prospects.prospect_id is not null)

)

select * from final
