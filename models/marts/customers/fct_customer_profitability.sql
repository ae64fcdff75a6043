{#- Profit contribution (利润贡献度) of every in-scope existing customer for the
    as_of_date, with its six components (docs/segmentation_rules.md §5). All CNY, 2 decimals; the components
    add up to profit_contribution to the cent. -#}
-- depends_on: {{ ref('int_controls__validated') }}

with profitability as (

    select * from {{ ref('int_customer_profitability__computed') }}

),

final as (

    select
        as_of_date,
        customer_id,
        loan_ftp_net_income,
        deposit_ftp_net_income,
        fee_net_income,
        capital_cost,
        operating_cost,
        credit_cost,
        profit_contribution
    from profitability

)

select * from final
