{#- Rejected rows of raw crm_customer_managers: its own reasons (base_crm__customer_managers)
    and orphans, rows whose parent is not staged. The parents are those of
    stg_crm__customer_managers; customer_id and prospect_id may be null (a row names one). -#}

{{ rejected_rows(
    'crm_customer_managers',
    ref('base_crm__customer_managers'),
    parents=[
        ['customer_id', ref('stg_ecif__customers'), 'customer_id', true],
        ['prospect_id', ref('stg_crm__prospects'), 'prospect_id', true],
        ['branch_id', ref('stg_ecif__branches'), 'branch_id']
    ]
) }}
