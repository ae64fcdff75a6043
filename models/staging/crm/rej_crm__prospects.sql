{#- Rejected rows of raw crm_prospects: its own reasons (base_crm__prospects) and
    orphans, rows whose parent is not staged. The parents are those of
    stg_crm__prospects. -#}

{{ rejected_rows(
    'crm_prospects',
    ref('base_crm__prospects'),
    parents=[
        ['branch_id', ref('stg_ecif__branches'), 'branch_id']
    ]
) }}
