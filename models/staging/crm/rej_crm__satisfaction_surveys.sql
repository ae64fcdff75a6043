{#- Rejected rows of raw crm_satisfaction_surveys: its own reasons (base_crm__satisfaction_surveys) and
    orphans, rows whose parent is not staged. The parents are those of
    stg_crm__satisfaction_surveys. -#}

{{ rejected_rows(
    'crm_satisfaction_surveys',
    ref('base_crm__satisfaction_surveys'),
    parents=[
        ['customer_id', ref('stg_ecif__customers'), 'customer_id']
    ]
) }}
