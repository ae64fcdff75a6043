{#- The transactions of each deposit account summed per calendar month and channel, in
    CNY at each day's FX rate (both directions), for every staged day whatever the
    as_of_date: count, amount and the last transaction date. Channel costs are applied
    downstream. Incremental like int_deposit_balances__monthly (var reprocess_days). -#}
{{ config(unique_key='txn_month', partition_by=['txn_month']) }}
{#- a full build reads every day since earliest_valid_date -#}
{%- set since = reprocess_since('last_transaction_date') or var('earliest_valid_date') %}

with transactions as (

    select
        account_id,
        txn_date,
        amount,
        channel
    from {{ ref('stg_core__transactions') }}
    where txn_date >= {{ date_literal(since) }}

),

accounts as (

    select
        account_id,
        currency
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
        transactions.account_id,
        transactions.txn_date,
        transactions.channel,
        cast({{ dbt.date_trunc('month', 'transactions.txn_date') }} as date) as txn_month,
        {{ to_cny('transactions.amount', 'accounts.currency', 'fx_rates.cny_per_unit') }} as amount_cny,
        {{ is_fx_rate_missing('accounts.currency', 'fx_rates.cny_per_unit') }} as is_fx_rate_missing
    from transactions
    inner join accounts
        on transactions.account_id = accounts.account_id
    left join fx_rates
        on {{ fx_rate_applies('fx_rates', 'accounts.currency', 'transactions.txn_date') }}

),

final as (

    select
        account_id,
        txn_month,
        channel,
        count(*) as transaction_count,
        sum(amount_cny) as transaction_amount_cny,
        max(txn_date) as last_transaction_date,
        max(case when is_fx_rate_missing then 1 else 0 end) = 1 as has_fx_rate_missing
    from converted
    group by account_id, txn_month, channel

)

select * from final
