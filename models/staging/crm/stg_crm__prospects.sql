{#- Accepted rows of raw crm_prospects: the rows base_crm__prospects found clean whose
    parents are staged (stg_ecif__branches); the others are in dq_crm__rejected_rows. -#}

with base as (

    select * from {{ ref('base_crm__prospects') }}
    where reason_code is null

),

branches as (

    select branch_id from {{ ref('stg_ecif__branches') }}

),

final as (

    select
        base.prospect_id,
        base.prospect_name,
        base.uscc,
        base.customer_kind,
        base.industry_code,
        base.branch_id,
        base.group_id,
        base.annual_revenue_cny,
        base.total_assets_cny,
        base.employee_count,
        base.revenue_growth_rate,
        base.created_date,
        base.status,
        base.dq_flags
    from base
    inner join branches
        on base.branch_id = branches.branch_id

)

select * from final
