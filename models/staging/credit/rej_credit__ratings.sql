{#- Rejected rows of raw credit_ratings: its own reasons (base_credit__ratings) and
    orphans, rows whose parent is not staged. The parents are those of
    stg_credit__ratings. -#}

{{ rejected_rows(
    'credit_ratings',
    ref('base_credit__ratings'),
    parents=[
        ['customer_id', ref('stg_ecif__customers'), 'customer_id']
    ]
) }}
