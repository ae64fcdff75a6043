{#- Rejected rows of raw ecif_customers: its own reasons (base_ecif__customers) and
    orphans, rows whose parent is not staged. The parents are those of
    stg_ecif__customers. -#}

{{ rejected_rows(
    'ecif_customers',
    ref('base_ecif__customers'),
    parents=[
        ['branch_id', ref('stg_ecif__branches'), 'branch_id']
    ]
) }}
