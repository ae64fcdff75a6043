{#- Accepted rows of raw ecif_branches: the rows base_ecif__branches found clean;
    the others are in dq_ecif__rejected_rows. -#}

with base as (

    select * from {{ ref('base_ecif__branches') }}
    where reason_code is null

),

final as (

    select
        base.branch_id,
        base.branch_name,
        base.region_code,
        base.region_name
    from base

)

select * from final
