{#- The FX rate of every day: each staged rate is valid from its rate_date until the
    next rate of the same currency (exclusive), so a day without a fixing takes the
    latest rate on or before it (docs/segmentation_rules.md §0). A day before a currency's first rate has no
    rate (the amount converts to 0 and is flagged fx_rate_missing). -#}

with rates as (

    select
        currency,
        rate_date,
        cny_per_unit
    from {{ ref('stg_core__fx_rates') }}

),

final as (

    select
        currency,
        rate_date as valid_from,
        cny_per_unit,
        lead(rate_date) over (partition by currency order by rate_date) as valid_until
    from rates

)

select * from final
