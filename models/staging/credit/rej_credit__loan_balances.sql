{#- Rejected rows of raw credit_loan_balances: its own reasons (base_credit__loan_balances) and
    orphans, rows whose parent is not staged. The parents are those of
    stg_credit__loan_balances. -#}

{#- A big table's rejects: computed once, so the unions and their tests do not re-read
    the raw rows. -#}
{{ config(materialized='table') }}

{{ rejected_rows(
    'credit_loan_balances',
    ref('base_credit__loan_balances'),
    parents=[
        ['loan_id', ref('stg_credit__loans'), 'loan_id']
    ]
) }}
