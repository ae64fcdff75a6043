{#- Parameter `lower` is below parameter `upper` in every scope where either is set:
    the global pair, and each region or branch that overrides one of them (the other
    taken from the global row). -#}
{% test parameter_less_than(model, lower, upper) %}
    {%- set problems_sql -%}
        with pairs as (

            select
                scope_type,
                scope_id,
                max(case when parameter_name = '{{ lower }}' then value end) as lower_value,
                max(case when parameter_name = '{{ upper }}' then value end) as upper_value
            from {{ model }}
            where parameter_name in ('{{ lower }}', '{{ upper }}')
            group by scope_type, scope_id

        ),

        global_pair as (

            select lower_value, upper_value from pairs where scope_type = 'global'

        ),

        effective as (

            select
                pairs.scope_type,
                pairs.scope_id,
                coalesce(pairs.lower_value, global_pair.lower_value) as lower_value,
                coalesce(pairs.upper_value, global_pair.upper_value) as upper_value
            from pairs
            cross join global_pair

        )

        select
            'parameter_name in ({{ lower }}, {{ upper }}), scope_type=' || scope_type || ', scope_id=' || scope_id
                as seed_row,
            '{{ lower }} (' || cast(lower_value as {{ dbt.type_string() }}) || ') must be below {{ upper }} ('
            || cast(upper_value as {{ dbt.type_string() }}) || ')' as problem
        from effective
        where not coalesce(lower_value < upper_value, false)
    {%- endset -%}
    {{ seed_problems(model, problems_sql) }}
{% endtest %}
