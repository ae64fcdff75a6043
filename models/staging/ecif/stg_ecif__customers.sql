{#- Accepted rows of raw ecif_customers: the rows base_ecif__customers found clean whose
    parents are staged (stg_ecif__branches); the others are in dq_ecif__rejected_rows. -#}

with base as (

    select * from {{ ref('base_ecif__customers') }}
    where reason_code is null

),

branches as (

    select branch_id from {{ ref('stg_ecif__branches') }}

),

final as (

    select
        base.customer_id,
        base.customer_name,
        base.uscc,
        base.customer_kind,
        base.industry_code,
        base.branch_id,
        base.group_id,
        base.relationship_start_date,
        base.status,
        base.closed_date,
        base.is_cross_border,
        base.executive_is_bank_vip,
        base.updated_at,
        base.dq_flags
    from base
    inner join branches
        on base.branch_id = branches.branch_id

)

select * from final
