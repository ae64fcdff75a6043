{#- The effective parameters of every branch, one column per parameter (the
    parameter_names macro), from int_branch_parameters__resolved. -#}

with branch_parameters as (

    select
        branch_id,
        region_code,
        parameter_name,
        parameter_value
    from {{ ref('int_branch_parameters__resolved') }}

),

pivoted as (

    select
        branch_id,
        region_code,
        {%- for name in parameter_names() %}
            max(case when parameter_name = '{{ name }}' then parameter_value end) as {{ name }}
            {%- if not loop.last %},{% endif %}
        {%- endfor %}
    from branch_parameters
    group by branch_id, region_code

)

select * from pivoted
