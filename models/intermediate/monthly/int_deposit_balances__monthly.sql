{#- The daily deposit balances summed per account and calendar month, in CNY at each
    day's FX rate, for every staged day whatever the as_of_date: the stage the window
    aggregates read instead of the daily table. Incremental: a run re-reads only the
    months from the latest processed day minus var reprocess_days and replaces them
    (docs/segmentation_rules.md §0, §4). Rates and costs the analysts tune are applied downstream, so a seed edit
    never needs a rebuild here. -#}
{{ config(unique_key='balance_month', partition_by=['balance_month']) }}
{#- a full build reads every day since earliest_valid_date -#}
{%- set since = reprocess_since('last_balance_date') or var('earliest_valid_date') %}

with balances as (

    select
        account_id,
        balance_date,
        balance
    from {{ ref('stg_core__deposit_balances') }}
    where balance_date >= {{ date_literal(since) }}

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
        balances.account_id,
        balances.balance_date,
        cast({{ dbt.date_trunc('month', 'balances.balance_date') }} as date) as balance_month,
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
        account_id,
        balance_month,
        sum(balance_cny) as balance_cny_sum,
        count(*) as balance_days,
        max(balance_date) as last_balance_date,
        max(case when is_fx_rate_missing then 1 else 0 end) = 1 as has_fx_rate_missing
    from converted
    group by account_id, balance_month

)

select * from final
