{#- Rejected rows of raw core_deposit_balances: its own reasons (base_core__deposit_balances) and
    orphans, rows whose parent is not staged. The parents are those of
    stg_core__deposit_balances. -#}

{#- A big table's rejects: computed once, so the unions and their tests do not re-read
    the raw rows. -#}
{{ config(materialized='table') }}

{{ rejected_rows(
    'core_deposit_balances',
    ref('base_core__deposit_balances'),
    parents=[
        ['account_id', ref('stg_core__deposit_accounts'), 'account_id']
    ]
) }}
