{#- Accepted rows of raw core_transactions: the rows base_core__transactions found clean whose
    parents are staged (stg_core__deposit_accounts); the others are in dq_core__rejected_rows. -#}
{#- A big table: materialised once, so nothing downstream re-reads raw; kept by day like
    base_core__transactions, so a nightly run re-reads only the days it reprocesses
    (macros/staging/reprocessed_days.sql). -#}
{{ config(
    materialized='incremental',
    unique_key='partition_date',
    partition_by=['partition_date']
) }}
{%- set since = reprocess_from() %}

with base as (

    select * from {{ ref('base_core__transactions') }}
    where reason_code is null and {{ in_reprocessed_days('partition_date', since) }}

),

deposit_accounts as (

    select account_id from {{ ref('stg_core__deposit_accounts') }}

),

final as (

    select
        base.txn_id,
        base.account_id,
        base.txn_date,
        base.amount,
        base.direction,
        base.channel,
        base.partition_date
    from base
    inner join deposit_accounts
        on base.account_id = deposit_accounts.account_id

)

select * from final
