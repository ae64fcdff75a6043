{#- Fails for every row whose column lies outside [min_value, max_value], both ends
    inclusive. Either bound may be omitted (open on that side), but not both. A bound
    is a SQL expression rendered as written: a number (0, 1.0), a quoted literal
    ("'2018-01-01'"), or another column of the same row (effective_from). Null values
    are ignored: a separate not_null test covers those. The failing rows are returned
    whole, so the test output names the offending seed or model row. -#}
{% test value_between(model, column_name, min_value=none, max_value=none) %}

{%- if min_value is none and max_value is none -%}
    {{ exceptions.raise_compiler_error(
        "value_between on " ~ model ~ "." ~ column_name
        ~ ": give min_value, max_value or both"
    ) }}
{%- endif %}

select *
from {{ model }}
where
    {{ column_name }} is not null
    and (
        {%- if min_value is not none %}
        {{ column_name }} < {{ min_value }}
        {%- endif %}
        {%- if min_value is not none and max_value is not none %}
        or
        {%- endif %}
        {%- if max_value is not none %}
        {{ column_name }} > {{ max_value }}
        {%- endif %}
    )

{% endtest %}
