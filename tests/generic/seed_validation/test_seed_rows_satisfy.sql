{#- Every row of the seed satisfies `condition`; a row that does not is reported by
    `row_label` (SQL naming the row) with `problem` (SQL text saying what is wrong). -#}
{% test seed_rows_satisfy(model, condition, row_label, problem, severity='error') %}
    {%- set problems_sql -%}
        select
            {{ row_label }} as seed_row,
            {{ problem }} as problem
        from {{ model }}
        where not coalesce({{ condition }}, false)
    {%- endset -%}
    {{ seed_problems(model, problems_sql, severity) }}
{% endtest %}
