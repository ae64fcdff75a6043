{#- Everything the rules need from the daily deposit balances, per customer, in one
    read of the big table: the CNY balance summed over the window W (for the average
    daily balance), over the window before it (growth), and the FTP spread income
    before its day-count division (RULES 4, 5). Each day converts at its own FX rate. -#}
{%- set window = lookback_window() %}

with balances as (

    select
        account_id,
        balance_date,
        balance
    from {{ ref('stg_core__deposit_balances') }}
    where
        balance_date >= {{ date_literal(window.earlier_start) }}
        and balance_date <= {{ date_literal(window.as_of) }}

),

accounts as (

    select
        account_id,
        customer_id,
        currency,
        customer_rate,
        ftp_rate
    from {{ ref('stg_core__deposit_accounts') }}

),

fx_rates as (

    select
        currency,
        valid_from,
        valid_until,
        cny_per_unit
    from {{ ref('int_fx_rates__validity') }}

),

converted as (

    select
        accounts.customer_id,
        balances.balance_date,
        accounts.ftp_rate - accounts.customer_rate as ftp_spread,
        {{ to_cny('balances.balance', 'accounts.currency', 'fx_rates.cny_per_unit') }} as balance_cny,
        {{ is_fx_rate_missing('accounts.currency', 'fx_rates.cny_per_unit') }} as is_fx_rate_missing
    from balances
    inner join accounts
        on balances.account_id = accounts.account_id
    left join fx_rates
        on {{ fx_rate_applies('fx_rates', 'accounts.currency', 'balances.balance_date') }}

),

final as (

    select
        customer_id,
        sum(case when balance_date >= {{ date_literal(window.start) }} then balance_cny else 0 end)
            as deposit_balance_sum_cny,
        sum(case when balance_date < {{ date_literal(window.start) }} then balance_cny else 0 end)
            as earlier_deposit_balance_sum_cny,
        sum(
            case
                when balance_date >= {{ date_literal(window.start) }}
                    then cast(balance_cny * ftp_spread as decimal(38, 16))
                else 0
            end
        ) as deposit_ftp_spread_sum_cny,
        max(
            case when balance_date >= {{ date_literal(window.start) }} and is_fx_rate_missing then 1 else 0 end
        ) = 1 as has_fx_rate_missing
    from converted
    group by customer_id

)

select * from final
