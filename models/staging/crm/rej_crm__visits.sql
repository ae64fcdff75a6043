{#- Rejected rows of raw crm_visits: its own reasons (base_crm__visits) and orphans, rows
    whose parent is not staged. The parents are those of stg_crm__visits; customer_id and
    prospect_id may be null (a row names one). -#}

{{ rejected_rows(
    'crm_visits',
    ref('base_crm__visits'),
    parents=[
        ['customer_id', ref('stg_ecif__customers'), 'customer_id', true],
        ['prospect_id', ref('stg_crm__prospects'), 'prospect_id', true]
    ]
) }}
