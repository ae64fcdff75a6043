{#- Profit contribution (利润贡献度) of every in-scope existing customer for the
    as_of_date, with its six components (docs/segmentation_rules.md §5). All CNY, 2 decimals; the components
    add up to profit_contribution to the cent. -#}

with profitability as (

    select * from {{ ref('int_customer_profitability__computed') }}

),

seed_versions as (

    select distinct seeds_fingerprint
    from {{ ref('int_controls__validated') }}

),

final as (

    select
        profitability.as_of_date,
        cast(profitability.customer_id as {{ dbt.type_string() }}) as customer_id,
        cast(profitability.loan_ftp_net_income as decimal(20, 2)) as loan_ftp_net_income,
        cast(profitability.deposit_ftp_net_income as decimal(20, 2)) as deposit_ftp_net_income,
        cast(profitability.fee_net_income as decimal(20, 2)) as fee_net_income,
        cast(profitability.capital_cost as decimal(20, 2)) as capital_cost,
        cast(profitability.operating_cost as decimal(20, 2)) as operating_cost,
        cast(profitability.credit_cost as decimal(20, 2)) as credit_cost,
        cast(profitability.profit_contribution as decimal(25, 2)) as profit_contribution,
        cast(seed_versions.seeds_fingerprint as {{ dbt.type_string() }}) as seeds_fingerprint,
        cast('{{ invocation_id }}' as {{ dbt.type_string() }}) as invocation_id
    from profitability
    cross join seed_versions

)

select * from final
