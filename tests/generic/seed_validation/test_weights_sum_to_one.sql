{#- The weights of each weight group add up to 1, within `tolerance`. -#}
{% test weights_sum_to_one(model, group_column='weight_group', weight_column='weight', tolerance=0.000000001) %}
    {%- set problems_sql -%}
        select
            '{{ group_column }}=' || {{ group_column }} as seed_row,
            'the weights of ' || {{ group_column }} || ' add up to '
            || cast(sum({{ weight_column }}) as {{ dbt.type_string() }}) || ', not 1' as problem
        from {{ model }}
        group by {{ group_column }}
        having abs(sum({{ weight_column }}) - 1) > {{ tolerance }}
    {%- endset -%}
    {{ seed_problems(model, problems_sql) }}
{% endtest %}
