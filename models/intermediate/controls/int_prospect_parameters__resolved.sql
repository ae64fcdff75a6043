{#- The effective parameters of every staged prospect, one column per parameter,
    through the prospect's branch (branch over region over global). -#}
{{ parameters_by_branch(ref('stg_crm__prospects'), 'prospect_id') }}
