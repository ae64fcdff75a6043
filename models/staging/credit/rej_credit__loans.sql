{#- Rejected rows of raw credit_loans: its own reasons (base_credit__loans) and
    orphans, rows whose parent is not staged. The parents are those of
    stg_credit__loans. -#}

{{ rejected_rows(
    'credit_loans',
    ref('base_credit__loans'),
    parents=[
        ['customer_id', ref('stg_ecif__customers'), 'customer_id'],
        ['product_code', ref('product_catalog'), 'product_code']
    ]
) }}
