{#- Rejected rows of raw ecif_customer_tags: its own reasons (base_ecif__customer_tags) and
    orphans, rows whose parent is not staged. The parents are those of
    stg_ecif__customer_tags. -#}

{{ rejected_rows(
    'ecif_customer_tags',
    ref('base_ecif__customer_tags'),
    parents=[
        ['customer_id', ref('stg_ecif__customers'), 'customer_id']
    ]
) }}
