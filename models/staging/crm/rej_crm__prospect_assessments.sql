{#- Rejected rows of raw crm_prospect_assessments: its own reasons (base_crm__prospect_assessments) and
    orphans, rows whose parent is not staged. The parents are those of
    stg_crm__prospect_assessments. -#}

{{ rejected_rows(
    'crm_prospect_assessments',
    ref('base_crm__prospect_assessments'),
    parents=[
        ['prospect_id', ref('stg_crm__prospects'), 'prospect_id']
    ]
) }}
