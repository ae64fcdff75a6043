{#- A number (a score or rate, not money: see round_money) rounded to `digits` decimal
    places. PostgreSQL has no round(double precision, integer): it rounds the value as
    numeric there. -#}
{% macro round_number(expression, digits) -%}
    {{ return(adapter.dispatch('round_number', 'corp_tiering')(expression, digits)) }}
{%- endmacro %}

{% macro default__round_number(expression, digits) -%}
    round({{ expression }}, {{ digits }})
{%- endmacro %}

{% macro postgres__round_number(expression, digits) -%}
    round(cast({{ expression }} as numeric), {{ digits }})
{%- endmacro %}
