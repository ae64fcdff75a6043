{#- The 8-byte floating-point type (dbt.type_float() is 4 bytes on DuckDB and Spark). A
    quotient that is not money is taken in it, so that no engine cuts its decimals (Spark
    rounds a decimal quotient to 6 places). -#}
{% macro type_double() -%}
    {{ return(adapter.dispatch('type_double', 'corp_tiering')()) }}
{%- endmacro %}

{% macro default__type_double() -%}
    double
{%- endmacro %}

{% macro postgres__type_double() -%}
    double precision
{%- endmacro %}
