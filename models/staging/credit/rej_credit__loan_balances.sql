{#- Rejected rows of raw credit_loan_balances: its own reasons (base_credit__loan_balances) and
    orphans, rows whose parent is not staged. The parents are those of
    stg_credit__loan_balances. -#}

{#- A big table's rejects: kept by day like base_credit__loan_balances, so a nightly run
    re-reads only the days it reprocesses (macros/staging/reprocessed_days.sql). -#}
{{ config(
    materialized='incremental',
    unique_key='partition_date',
    partition_by=['partition_date']
) }}
{%- set since = reprocess_from() %}

{{ rejected_rows(
    'credit_loan_balances',
    ref('base_credit__loan_balances'),
    parents=[
        ['loan_id', ref('stg_credit__loans'), 'loan_id']
    ],
    where=in_reprocessed_days('partition_date', since),
    extra_columns=['partition_date'],
    orphan_texts=[
        record_key(['loan_id', 'balance_date']),
        raw_row_text(['loan_id', 'balance_date', 'outstanding_balance', 'five_category'])
    ]
) }}
