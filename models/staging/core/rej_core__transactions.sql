{#- Rejected rows of raw core_transactions: its own reasons (base_core__transactions) and
    orphans, rows whose parent is not staged. The parents are those of
    stg_core__transactions. -#}

{#- A big table's rejects: computed once, so the unions and their tests do not re-read
    the raw rows. -#}
{{ config(materialized='table') }}

{{ rejected_rows(
    'core_transactions',
    ref('base_core__transactions'),
    parents=[
        ['account_id', ref('stg_core__deposit_accounts'), 'account_id']
    ]
) }}
