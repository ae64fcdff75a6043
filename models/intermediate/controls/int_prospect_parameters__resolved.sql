{#- The effective parameters of every staged prospect, one column per parameter,
    through the prospect's branch (branch over region over global). -#}

with prospects as (

    select
        prospect_id,
        branch_id
    from {{ ref('stg_crm__prospects') }}

),

branch_parameters as (

    select
        branch_id,
        region_code,
        {%- for name in parameter_names() %}
            {{ name }}{% if not loop.last %},{% endif %}
        {%- endfor %}
    from {{ ref('int_branch_parameters__pivoted') }}

),

final as (

    select
        prospects.prospect_id,
        branch_parameters.branch_id,
        branch_parameters.region_code,
        {%- for name in parameter_names() %}
            branch_parameters.{{ name }}{% if not loop.last %},{% endif %}
        {%- endfor %}
    from prospects
    inner join branch_parameters
        on prospects.branch_id = branch_parameters.branch_id

)

select * from final
