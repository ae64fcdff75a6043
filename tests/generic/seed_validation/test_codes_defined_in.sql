{#- Every code in `column_name` of the seed (among its rows matching `used_where`) exists in
    `field` of `to` (another seed or model), among the rows of `to` matching
    `to_condition` (the other relation is aliased `defining`). A code missing there is
    reported with the row that uses it. -#}
{% test codes_defined_in(model, column_name, to, field, row_label, used_where="1 = 1", to_condition="1 = 1") %}
    {%- set problems_sql -%}
        select
            {{ row_label }} as seed_row,
            '{{ column_name }} ' || coalesce(cast({{ column_name }} as {{ dbt.type_string() }}), 'NULL')
            || ' is not defined in {{ to.identifier }}.{{ field }}' as problem
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
