{#- Accepted rows of raw core_deposit_balances: the rows base_core__deposit_balances found clean whose
    parents are staged (stg_core__deposit_accounts); the others are in dq_core__rejected_rows. -#}
{#- A big table: materialised once, so nothing downstream re-reads raw; kept by day like
    base_core__deposit_balances, so a nightly run re-reads only the days it reprocesses
    (macros/staging/reprocessed_days.sql). -#}
{{ config(
    materialized='incremental',
    unique_key='balance_date',
    partition_by=['balance_date']
) }}
{%- set since = reprocess_from('balance_date') %}

with base as (

    select * from {{ ref('base_core__deposit_balances') }}
    where reason_code is null and {{ in_reprocessed_days('partition_date', since) }}

),

deposit_accounts as (

    select account_id from {{ ref('stg_core__deposit_accounts') }}

),

final as (

    select
        base.account_id,
        base.balance_date,
        base.balance
    from base
    inner join deposit_accounts
        on base.account_id = deposit_accounts.account_id

)

select * from final
