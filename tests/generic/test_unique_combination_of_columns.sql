{#- Fails for every combination of the given columns that occurs more than once.
    Rows where any of the columns is null are ignored (a separate not_null test
    covers those). -#}
{% test unique_combination_of_columns(model, combination_of_columns) %}

with grouped as (

    select
        {{ combination_of_columns | join(',\n        ') }},
        count(*) as occurrences
    from {{ model }}
    where
        {% for column in combination_of_columns -%}
            {{ column }} is not null{% if not loop.last %} and {% endif %}
        {%- endfor %}
    group by {{ combination_of_columns | join(', ') }}

)

select * from grouped
where occurrences > 1

{% endtest %}
