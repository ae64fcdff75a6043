{#- Rejected rows of raw crm_agreements: its own reasons (base_crm__agreements) and
    orphans, rows whose parent is not staged. The parents are those of
    stg_crm__agreements. -#}

{{ rejected_rows(
    'crm_agreements',
    ref('base_crm__agreements'),
    parents=[
        ['customer_id', ref('stg_ecif__customers'), 'customer_id']
    ]
) }}
