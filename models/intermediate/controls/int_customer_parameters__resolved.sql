{#- The effective parameters of every staged customer, one column per parameter,
    through the customer's branch (branch over region over global). -#}
{{ parameters_by_branch(ref('stg_ecif__customers'), 'customer_id') }}
