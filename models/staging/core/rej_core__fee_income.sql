{#- Rejected rows of raw core_fee_income: its own reasons (base_core__fee_income) and
    orphans, rows whose parent is not staged. The parents are those of
    stg_core__fee_income. -#}

{{ rejected_rows(
    'core_fee_income',
    ref('base_core__fee_income'),
    parents=[
        ['customer_id', ref('stg_ecif__customers'), 'customer_id'],
        ['product_code', ref('product_catalog'), 'product_code']
    ]
) }}
