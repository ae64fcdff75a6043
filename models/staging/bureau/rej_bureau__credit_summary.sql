{#- Rejected rows of raw bureau_credit_summary: its own reasons (base_bureau__credit_summary) and
    orphans, rows whose parent is not staged. The parents are those of
    stg_bureau__credit_summary. -#}

{{ rejected_rows(
    'bureau_credit_summary',
    ref('base_bureau__credit_summary'),
    parents=[
        ['customer_id', ref('stg_ecif__customers'), 'customer_id']
    ]
) }}
