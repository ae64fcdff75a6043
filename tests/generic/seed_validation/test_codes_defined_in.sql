{#- Every code in `column_name` of the seed (among its rows matching `used_where`) exists in
    `field` of `to` (another seed or model), among the rows of `to` matching
    `to_condition` (the other relation is aliased `defining`). A code missing there is
    reported with the row that uses it. -#}
{% test codes_defined_in(model, column_name, to, field, row_label, used_where="1 = 1", to_condition="1 = 1") %}
    {#- name the defining seed by its file, a model by its name -#}
    {%- set defined_in = to.identifier -%}
    {%- if execute and ("seed." ~ project_name ~ "." ~ to.identifier) in graph.nodes -%}
        {%- set defined_in = "seeds/" ~ to.identifier ~ ".csv" -%}
    {%- endif -%}
    {%- set problems_sql -%}
        select
            {{ row_label }} as seed_row,
            '{{ column_name }} ' || coalesce(cast({{ column_name }} as {{ dbt.type_string() }}), 'NULL')
            || ' is not defined in {{ defined_in }} ({{ field }})' as problem
        from {{ model }} as used
        where ({{ used_where }})
            and not exists (
            select 1
            from {{ to }} as defining
            where defining.{{ field }} = used.{{ column_name }}
                and {{ to_condition }}
        )
    {%- endset -%}
    {{ seed_problems(model, problems_sql) }}
{% endtest %}
