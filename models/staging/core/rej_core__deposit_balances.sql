{#- Rejected rows of raw core_deposit_balances: its own reasons (base_core__deposit_balances) and
    orphans, rows whose parent is not staged. The parents are those of
    stg_core__deposit_balances. -#}

{#- A big table's rejects: kept by day like base_core__deposit_balances, so a nightly run
    re-reads only the days it reprocesses (macros/staging/reprocessed_days.sql). -#}
{{ config(
    materialized='incremental',
    unique_key='partition_date',
    partition_by=['partition_date']
) }}
{%- set since = reprocess_from() %}

{{ rejected_rows(
    'core_deposit_balances',
    ref('base_core__deposit_balances'),
    parents=[
        ['account_id', ref('stg_core__deposit_accounts'), 'account_id']
    ],
    where=in_reprocessed_days('partition_date', since),
    extra_columns=['partition_date'],
    orphan_texts=[
        record_key(['account_id', 'balance_date']),
        raw_row_text(['account_id', 'balance_date', 'balance'])
    ]
) }}
