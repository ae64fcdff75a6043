{#- Every row of the seed satisfies `condition` (SQL); a row that does not is reported
    by `row_label` (SQL naming the row) with `problem` (plain text), followed by the
    offending value of `shown_column` when given. -#}
{% test seed_rows_satisfy(model, condition, row_label, problem, shown_column=none) %}
    {%- set problems_sql -%}
        select
            {{ row_label }} as seed_row,
            '{{ problem | replace("'", "''") }}'
            {%- if shown_column is not none %}
            || ': ' || coalesce(cast({{ shown_column }} as {{ dbt.type_string() }}), 'NULL')
            {%- endif %} as problem
        from {{ model }}
        where not coalesce({{ condition }}, false)
    {%- endset -%}
    {{ seed_problems(model, problems_sql) }}
{% endtest %}
