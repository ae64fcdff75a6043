{#- Rejected rows of raw ecif_customer_financials: its own reasons (base_ecif__customer_financials) and
    orphans, rows whose parent is not staged. The parents are those of
    stg_ecif__customer_financials. -#}

{{ rejected_rows(
    'ecif_customer_financials',
    ref('base_ecif__customer_financials'),
    parents=[
        ['customer_id', ref('stg_ecif__customers'), 'customer_id']
    ]
) }}
