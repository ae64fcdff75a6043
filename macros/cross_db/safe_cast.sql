{#- Cast that yields null instead of failing when the value does not convert.
    DuckDB and Spark have try_cast; PostgreSQL (before 16) has none, so it gets its
    own implementation when the project runs there. -#}
{% macro safe_cast(expression, data_type) -%}
    {{ return(adapter.dispatch('safe_cast', 'corp_tiering')(expression, data_type)) }}
{%- endmacro %}

{% macro default__safe_cast(expression, data_type) -%}
    try_cast({{ expression }} as {{ data_type }})
{%- endmacro %}
