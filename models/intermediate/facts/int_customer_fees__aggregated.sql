{#- Fee income (中间业务收入) per customer dated in W: the net sum, reversals and
    rebates included, and the sum of the positive amounts, the base of the fee tax
    (docs/segmentation_rules.md §5, §13.7). -#}
{%- set window = lookback_window() %}

with fees as (

    select
        customer_id,
        amount_cny
    from {{ ref('stg_core__fee_income') }}
    where
        fee_date >= {{ date_literal(window.start) }}
        and fee_date <= {{ date_literal(window.as_of) }}

),

final as (

    select
        customer_id,
        sum(amount_cny) as fee_amount_cny,
        sum(case when amount_cny > 0 then amount_cny else 0 end) as positive_fee_amount_cny,
        count(*) as fee_count
    from fees
    group by customer_id

)

select * from final
