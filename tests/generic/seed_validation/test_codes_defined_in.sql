{#- Every code in `column_name` of the seed exists in `field` of `to` (another seed),
    optionally among the rows of `to` matching `to_condition`. A code missing there is
    reported with the row that uses it. -#}
{% test codes_defined_in(model, column_name, to, field, row_label, to_condition='1 = 1', severity='error') %}
    {%- set problems_sql -%}
        select
            {{ row_label }} as seed_row,
            '{{ column_name }} ' || coalesce(cast({{ column_name }} as {{ dbt.type_string() }}), 'NULL')
            || ' is not defined in {{ to.identifier }}.{{ field }}' as problem
        from {{ model }} as used
        where not exists (
            select 1
            from {{ to }} as defining
            where defining.{{ field }} = used.{{ column_name }}
                and {{ to_condition }}
        )
    {%- endset -%}
    {{ seed_problems(model, problems_sql, severity) }}
{% endtest %}
