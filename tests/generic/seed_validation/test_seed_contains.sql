{#- The seed has a row whose `column_name` is `value` (a row the models rely on). -#}
{% test seed_contains(model, column_name, value) %}
    {%- set problems_sql -%}
        select
            '{{ column_name }}={{ value }}' as seed_row,
            'is missing: the models rely on this row' as problem
        from (select count(*) as row_count from {{ model }} where {{ column_name }} = '{{ value }}') as found
        where found.row_count = 0
    {%- endset -%}
    {{ seed_problems(model, problems_sql) }}
{% endtest %}
