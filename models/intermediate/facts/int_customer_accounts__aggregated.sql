{#- What the rules need from the deposit accounts and their transactions, per
    customer: the account-days open in W weighted by each account nature's annual cost
    and the transactions' channel costs (operating cost, RULES 5), the accounts open on
    as_of_date (an account is open on day d when open_date <= d and (close_date is null
    or d < close_date), RULES 13.1), the number and CNY amount of transactions in W (both
    directions, each at its day's FX rate), and the last transaction on or before
    as_of_date (lifecycle). The transactions are read once. -#}
{%- set window = lookback_window() %}
{%- set day_after = shift_day(window.as_of, 1) %}

with accounts as (

    select
        account_id,
        customer_id,
        account_nature,
        currency,
        open_date,
        close_date
    from {{ ref('stg_core__deposit_accounts') }}

),

natures as (

    select
        account_nature,
        annual_cost_cny
    from {{ ref('account_natures') }}

),

transactions as (

    select
        account_id,
        txn_date,
        amount,
        channel
    from {{ ref('stg_core__transactions') }}
    where txn_date <= {{ date_literal(window.as_of) }}

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

open_days as (

    select
        accounts.customer_id,
        accounts.account_id,
        natures.annual_cost_cny,
        accounts.open_date <= {{ date_literal(window.as_of) }}
        and (accounts.close_date is null or accounts.close_date > {{ date_literal(window.as_of) }})
            as is_open_on_as_of,
        -- days of W from max(open_date, W start) up to min(close_date, as_of + 1), exclusive
        greatest(
            0,
            {{ dbt.datediff(
                "greatest(accounts.open_date, " ~ date_literal(window.start) ~ ")",
                "least(coalesce(accounts.close_date, " ~ date_literal(day_after) ~ "), " ~ date_literal(day_after) ~ ")",
                "day") }}
        ) as days_open_in_window
    from accounts
    inner join natures
        on accounts.account_nature = natures.account_nature

),

account_totals as (

    select
        customer_id,
        count(*) as account_count,
        sum(case when is_open_on_as_of then 1 else 0 end) as open_account_count,
        sum(days_open_in_window) as account_days_in_window,
        sum(days_open_in_window * annual_cost_cny) as account_cost_base_cny
    from open_days
    group by customer_id

),

converted as (

    select
        accounts.customer_id,
        transactions.txn_date,
        transactions.txn_date >= {{ date_literal(window.start) }} as is_in_window,
        channels.cost_per_txn_cny,
        {{ to_cny('transactions.amount', 'accounts.currency', 'fx_rates.cny_per_unit') }} as amount_cny,
        {{ is_fx_rate_missing('accounts.currency', 'fx_rates.cny_per_unit') }} as is_fx_rate_missing
    from transactions
    inner join accounts
        on transactions.account_id = accounts.account_id
    inner join channels
        on transactions.channel = channels.channel
    left join fx_rates
        on {{ fx_rate_applies('fx_rates', 'accounts.currency', 'transactions.txn_date') }}

),

transaction_totals as (

    select
        customer_id,
        sum(case when is_in_window then 1 else 0 end) as transaction_count,
        sum(case when is_in_window then amount_cny else 0 end) as transaction_amount_cny,
        sum(case when is_in_window then cost_per_txn_cny else 0 end) as transaction_cost_cny,
        max(txn_date) as last_transaction_date,
        max(case when is_in_window and is_fx_rate_missing then 1 else 0 end) = 1 as has_fx_rate_missing
    from converted
    group by customer_id

),

final as (

    select
        account_totals.customer_id,
        account_totals.account_count,
        account_totals.open_account_count,
        account_totals.account_days_in_window,
        account_totals.account_cost_base_cny,
        transaction_totals.last_transaction_date,
        coalesce(transaction_totals.transaction_count, 0) as transaction_count,
        coalesce(transaction_totals.transaction_amount_cny, 0) as transaction_amount_cny,
        coalesce(transaction_totals.transaction_cost_cny, 0) as transaction_cost_cny,
        coalesce(transaction_totals.has_fx_rate_missing, false) as has_fx_rate_missing
    from account_totals
    left join transaction_totals
        on account_totals.customer_id = transaction_totals.customer_id

)

select * from final
