{#- The transactions of each deposit account per calendar month up to as_of_date, seen
    from the run's as_of_date: the count, CNY amount and channel cost of those dated in
    W (operating cost, volume), and of all those on or before as_of_date the count and
    the last date (activity, dormancy, loyalty). Whole months come from the monthly stage
    (int_deposit_transactions__monthly); the days of W outside whole months, and the
    month of as_of_date up to it, from the daily table. -#}
{%- set window = lookback_window() %}
{%- set current = window_parts(window.start, window.as_of) %}
{%- set as_of_day = modules.datetime.date.fromisoformat(window.as_of) %}
{%- set as_of_month = as_of_day.replace(day=1).isoformat() %}
{%- set as_of_is_month_end = (as_of_day + modules.datetime.timedelta(days=1)).day == 1 %}
{#- the month of as_of_date is read from the daily table unless as_of_date ends it -#}
{%- set tail = [] if as_of_is_month_end else [[as_of_month, window.as_of]] %}
{%- set history_until = shift_day(window.as_of, 1) if as_of_is_month_end else as_of_month %}

with monthly as (

    select
        account_id,
        txn_month,
        channel,
        transaction_count,
        transaction_amount_cny,
        last_transaction_date,
        has_fx_rate_missing
    from {{ ref('int_deposit_transactions__monthly') }}
    where txn_month < {{ date_literal(history_until) }}

),

daily as (

    select
        account_id,
        txn_date,
        amount,
        channel
    from {{ ref('stg_core__transactions') }}
    where
        {{ in_partial_days('txn_date', current) }}
        or {{ in_partial_days('txn_date', {'daily': tail}) }}

),

accounts as (

    select
        account_id,
        currency
    from {{ ref('stg_core__deposit_accounts') }}

),

channels as (

    select
        channel,
        cost_per_txn_cny
    from {{ ref('channel_costs') }}

),

fx_rates as (

    select
        currency,
        valid_from,
        valid_until,
        cny_per_unit
    from {{ ref('int_fx_rates__validity') }}

),

monthly_parts as (

    select
        account_id,
        txn_month,
        channel,
        case when {{ in_full_months('txn_month', current) }} then transaction_count else 0 end
            as window_transaction_count,
        case when {{ in_full_months('txn_month', current) }} then transaction_amount_cny else 0 end
            as window_transaction_amount_cny,
        {{ in_full_months('txn_month', current) }} and has_fx_rate_missing as has_fx_rate_missing,
        transaction_count as history_transaction_count,
        last_transaction_date
    from monthly

),

daily_parts as (

    select
        daily.account_id,
        cast({{ dbt.date_trunc('month', 'daily.txn_date') }} as date) as txn_month,
        daily.channel,
        case when {{ in_partial_days('daily.txn_date', current) }} then 1 else 0 end as window_transaction_count,
        case
            when {{ in_partial_days('daily.txn_date', current) }}
                then {{ to_cny('daily.amount', 'accounts.currency', 'fx_rates.cny_per_unit') }}
            else 0
        end as window_transaction_amount_cny,
        {{ in_partial_days('daily.txn_date', current) }}
        and {{ is_fx_rate_missing('accounts.currency', 'fx_rates.cny_per_unit') }} as has_fx_rate_missing,
        case when {{ in_partial_days('daily.txn_date', {'daily': tail}) }} then 1 else 0 end
            as history_transaction_count,
        case when {{ in_partial_days('daily.txn_date', {'daily': tail}) }} then daily.txn_date end
            as last_transaction_date
    from daily
    inner join accounts
        on daily.account_id = accounts.account_id
    left join fx_rates
        on {{ fx_rate_applies('fx_rates', 'accounts.currency', 'daily.txn_date') }}

),

parts as (

    select * from monthly_parts
    union all
    select * from daily_parts

),

final as (

    select
        parts.account_id,
        parts.txn_month,
        sum(parts.window_transaction_count) as transaction_count,
        sum(parts.window_transaction_amount_cny) as transaction_amount_cny,
        sum(parts.window_transaction_count * channels.cost_per_txn_cny) as transaction_cost_cny,
        max(case when parts.has_fx_rate_missing then 1 else 0 end) = 1 as has_fx_rate_missing,
        sum(parts.history_transaction_count) as month_transaction_count,
        max(parts.last_transaction_date) as last_transaction_date
    from parts
    inner join channels
        on parts.channel = channels.channel
    group by parts.account_id, parts.txn_month

)

select * from final
