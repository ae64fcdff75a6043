{#- Everything the rules need from the deposit balances, per customer (docs/segmentation_rules.md §4, §5): the
    CNY balance summed over the window W (for the average daily balance) and over the
    window before it (growth), and the FTP spread income before its day-count division.
    Whole calendar months come from the monthly stage (int_deposit_balances__monthly),
    the days of the windows outside whole months from the daily table, each day at its
    own FX rate; the account's rates apply to the sums (they are the current master's
    for every day). -#}
{%- set window = lookback_window() %}
{%- set current = window_parts(window.start, window.as_of) %}
{%- set earlier = window_parts(window.earlier_start, window.earlier_end) %}

with monthly as (

    select
        account_id,
        balance_month,
        balance_cny_sum,
        has_fx_rate_missing
    from {{ ref('int_deposit_balances__monthly') }}
    where {{ in_full_months('balance_month', current) }} or {{ in_full_months('balance_month', earlier) }}

),

daily as (

    select
        account_id,
        balance_date,
        balance
    from {{ ref('stg_core__deposit_balances') }}
    where {{ in_partial_days('balance_date', current) }} or {{ in_partial_days('balance_date', earlier) }}

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

daily_parts as (

    select
        daily.account_id,
        {{ in_partial_days('daily.balance_date', current) }} as is_in_window,
        sum({{ to_cny('daily.balance', 'accounts.currency', 'fx_rates.cny_per_unit') }}) as balance_cny_sum,
        max(case when {{ is_fx_rate_missing('accounts.currency', 'fx_rates.cny_per_unit') }} then 1 else 0 end) = 1
            as has_fx_rate_missing
    from daily
    inner join accounts
        on daily.account_id = accounts.account_id
    left join fx_rates
        on {{ fx_rate_applies('fx_rates', 'accounts.currency', 'daily.balance_date') }}
    group by daily.account_id, {{ in_partial_days('daily.balance_date', current) }}

),

monthly_parts as (

    select
        account_id,
        {{ in_full_months('balance_month', current) }} as is_in_window,
        sum(balance_cny_sum) as balance_cny_sum,
        max(case when has_fx_rate_missing then 1 else 0 end) = 1 as has_fx_rate_missing
    from monthly
    group by account_id, {{ in_full_months('balance_month', current) }}

),

parts as (

    select * from daily_parts
    union all
    select * from monthly_parts

),

final as (

    select
        accounts.customer_id,
        sum(case when parts.is_in_window then parts.balance_cny_sum else 0 end) as deposit_balance_sum_cny,
        sum(case when not parts.is_in_window then parts.balance_cny_sum else 0 end) as earlier_deposit_balance_sum_cny,
        sum(
            case
                when parts.is_in_window
                    then cast(parts.balance_cny_sum * (accounts.ftp_rate - accounts.customer_rate) as decimal(38, 16))
                else 0
            end
        ) as deposit_ftp_spread_sum_cny,
        max(case when parts.has_fx_rate_missing then 1 else 0 end) = 1 as has_fx_rate_missing
    from parts
    inner join accounts
        on parts.account_id = accounts.account_id
    group by accounts.customer_id

)

select * from final
