{#- The effective parameters of every staged customer, one column per parameter,
    through the customer's branch (branch over region over global). -#}

with customers as (

    select
        customer_id,
        branch_id
    from {{ ref('stg_ecif__customers') }}

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
        customers.customer_id,
        branch_parameters.branch_id,
        branch_parameters.region_code,
        {%- for name in parameter_names() %}
            branch_parameters.{{ name }}{% if not loop.last %},{% endif %}
        {%- endfor %}
    from customers
    inner join branch_parameters
        on customers.branch_id = branch_parameters.branch_id

)

select * from final
