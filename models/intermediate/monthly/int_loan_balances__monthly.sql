{#- The daily credit balances summed per exposure, calendar month and five-category, in
    CNY at each day's FX rate, for every staged day whatever the as_of_date: the stage
    the window aggregates read instead of the daily table. Kept per five-category so
    that which categories are non-performing stays the seed's business downstream.
    Incremental like int_deposit_balances__monthly (var reprocess_days). -#}
{{ config(unique_key='balance_month', partition_by=['balance_month']) }}
{#- a full build reads every day since earliest_valid_date -#}
{%- set since = reprocess_since('last_balance_date') or var('earliest_valid_date') %}

with balances as (

    select
        loan_id,
        balance_date,
        outstanding_balance,
        five_category
    from {{ ref('stg_credit__loan_balances') }}
    where balance_date >= {{ date_literal(since) }}

),

loans as (

    select
        loan_id,
        currency
    from {{ ref('stg_credit__loans') }}

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
        balances.loan_id,
        balances.balance_date,
        balances.five_category,
        balances.outstanding_balance,
        cast({{ dbt.date_trunc('month', 'balances.balance_date') }} as date) as balance_month,
        {{ to_cny('balances.outstanding_balance', 'loans.currency', 'fx_rates.cny_per_unit') }} as balance_cny,
        {{ is_fx_rate_missing('loans.currency', 'fx_rates.cny_per_unit') }} as is_fx_rate_missing
    from balances
    inner join loans
        on balances.loan_id = loans.loan_id
    left join fx_rates
        on {{ fx_rate_applies('fx_rates', 'loans.currency', 'balances.balance_date') }}

),

final as (

    select
        loan_id,
        balance_month,
        five_category,
        sum(balance_cny) as balance_cny_sum,
        count(*) as balance_days,
        max(balance_date) as last_balance_date,
        max(case when outstanding_balance > 0 then 1 else 0 end) = 1 as has_positive_balance,
        max(case when outstanding_balance < 0 then 1 else 0 end) = 1 as has_negative_balance,
        max(case when is_fx_rate_missing then 1 else 0 end) = 1 as has_fx_rate_missing
    from converted
    group by loan_id, balance_month, five_category

)

select * from final
