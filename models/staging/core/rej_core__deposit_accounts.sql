{#- Rejected rows of raw core_deposit_accounts: its own reasons (base_core__deposit_accounts) and
    orphans, rows whose parent is not staged. The parents are those of
    stg_core__deposit_accounts. -#}

{{ rejected_rows(
    'core_deposit_accounts',
    ref('base_core__deposit_accounts'),
    parents=[
        ['customer_id', ref('stg_ecif__customers'), 'customer_id'],
        ['product_code', ref('product_catalog'), 'product_code']
    ]
) }}
