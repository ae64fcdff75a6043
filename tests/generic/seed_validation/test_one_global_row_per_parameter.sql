{#- Every parameter has exactly one global row (scope_id `*`), no parameter has two
    rows for the same scope, and every parameter the models read (`required`, default
    the parameter_names macro and max_plausible_amount_cny, which the base_ models read)
    is there. -#}
{% test one_global_row_per_parameter(model, required=none) %}
    {%- set required = required if required is not none else parameter_names() + ['max_plausible_amount_cny'] -%}
    {%- set problems_sql -%}
        {%- for name in required %}
        select
            'parameter_name={{ name }}' as seed_row,
            'is missing: the models read it, so it needs a global row' as problem
        where not exists (select 1 from {{ model }} where parameter_name = '{{ name }}')

        union all
        {% endfor %}

        select
            'parameter_name=' || parameter_name as seed_row,
            'has ' || cast(sum(case when scope_type = 'global' then 1 else 0 end) as {{ dbt.type_string() }})
            || ' global rows; every parameter needs exactly one (scope_type global, scope_id *)' as problem
        from {{ model }}
        group by parameter_name
        having sum(case when scope_type = 'global' and scope_id = '*' then 1 else 0 end) <> 1
            or sum(case when scope_type = 'global' then 1 else 0 end) <> 1

        union all

        select
            'parameter_name=' || parameter_name || ', scope_type=' || scope_type || ', scope_id=' || scope_id
                as seed_row,
            'appears ' || cast(count(*) as {{ dbt.type_string() }}) || ' times for the same scope' as problem
        from {{ model }}
        where scope_type <> 'global'
        group by parameter_name, scope_type, scope_id
        having count(*) > 1
    {%- endset -%}
    {{ seed_problems(model, problems_sql) }}
{% endtest %}
