{#- Rejected rows of raw core_transactions: its own reasons (base_core__transactions) and
    orphans, rows whose parent is not staged. The parents are those of
    stg_core__transactions. -#}

{#- A big table's rejects: kept by day like base_core__transactions, so a nightly run
    re-reads only the days it reprocesses (macros/staging/reprocessed_days.sql). -#}
{{ config(
    materialized='incremental',
    unique_key='partition_date',
    partition_by=['partition_date']
) }}
{%- set since = reprocess_from() %}

{{ rejected_rows(
    'core_transactions',
    ref('base_core__transactions'),
    parents=[
        ['account_id', ref('stg_core__deposit_accounts'), 'account_id']
    ],
    where=in_reprocessed_days('partition_date', since),
    extra_columns=['partition_date'],
    orphan_texts=[
        record_key(['txn_id']),
        raw_row_text(['txn_id', 'account_id', 'txn_date', 'amount', 'direction', 'channel'])
    ]
) }}
