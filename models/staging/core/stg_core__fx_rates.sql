{#- Accepted rows of raw core_fx_rates: the rows base_core__fx_rates found clean;
    the others are in dq_core__rejected_rows. -#}

with base as (

    select * from {{ ref('base_core__fx_rates') }}
    where reason_code is null

),

final as (

    select
        base.currency,
        base.rate_date,
        base.cny_per_unit
    from base

)

select * from final
