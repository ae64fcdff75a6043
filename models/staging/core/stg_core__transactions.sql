{#- Accepted rows of raw core_transactions: the rows base_core__transactions found clean whose
    parents are staged (stg_core__deposit_accounts); the others are in dq_core__rejected_rows. -#}
{{ config(materialized='table') }}  {#- a big table: materialised once, so nothing downstream re-reads raw -#}

with base as (

    select * from {{ ref('base_core__transactions') }}
    where reason_code is null

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
        base.channel
    from base
    inner join deposit_accounts
        on base.account_id = deposit_accounts.account_id

)

select * from final
