{#- The transactions of each deposit account summed per calendar month, in the one read
    of the big transactions table: count, CNY amount (both directions, each at its day's
    FX rate), channel cost and the last transaction date. A month that W's first day cuts
    in two gives two rows (is_in_window false and true), so the window sums stay exact.
    Everything downstream (operating cost, volume, activity, dormancy, loyalty) reads
    this, never the transactions. -#}
{%- set window = lookback_window() %}

with transactions as (

    select
        account_id,
        txn_date,
        amount,
        channel
    from {{ ref('stg_core__transactions') }}
    where txn_date <= {{ date_literal(window.as_of) }}

),

accounts as (

    select
        account_id,
        customer_id,
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

converted as (

    select
        transactions.account_id,
        accounts.customer_id,
        cast({{ dbt.date_trunc('month', 'transactions.txn_date') }} as date) as txn_month,
        transactions.txn_date >= {{ date_literal(window.start) }} as is_in_window,
        transactions.txn_date,
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

final as (

    select
        account_id,
        customer_id,
        txn_month,
        is_in_window,
        count(*) as transaction_count,
        sum(amount_cny) as transaction_amount_cny,
        sum(cost_per_txn_cny) as transaction_cost_cny,
        max(txn_date) as last_transaction_date,
        max(case when is_fx_rate_missing then 1 else 0 end) = 1 as has_fx_rate_missing
    from converted
    group by account_id, customer_id, txn_month, is_in_window

)

select * from final
