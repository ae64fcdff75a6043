{#- numerator / denominator in CNY, rounded to cents half away from zero, exactly.
    Every money formula divides once, here (RULES 13.7, 13.14). The numerator is taken
    to 16 decimals and the denominator to 8, then divided in integers, because DuckDB
    turns a DECIMAL division into DOUBLE and a double can land on the wrong cent. The
    denominator must be positive. -#}
{% macro money_quotient(numerator, denominator) -%}
    {{ return(adapter.dispatch('money_quotient', 'corp_tiering')(numerator, denominator)) }}
{%- endmacro %}

{% macro default__money_quotient(numerator, denominator) -%}
    {#- n = numerator x 1e16 and d = denominator x 1e8 as exact integers (the decimal's
        digits without its point); cents = n / (d x 1e6), rounded half away from zero. -#}
    {%- set n = "cast(replace(cast(cast(" ~ numerator ~ " as decimal(38,16)) as varchar), '.', '') as hugeint)" -%}
    {%- set m = "(cast(replace(cast(cast(" ~ denominator ~ " as decimal(38,8)) as varchar), '.', '') as hugeint) * 1000000)" -%}
    cast(
        cast(sign({{ n }}) * ((2 * abs({{ n }}) + {{ m }}) // (2 * {{ m }})) as decimal(38,2)) * 0.01
        as decimal(20,2))
{%- endmacro %}

{% macro postgres__money_quotient(numerator, denominator) -%}
    {#- numeric division is exact to well beyond the cent, and round() of a numeric
        rounds half away from zero -#}
    cast(round(cast({{ numerator }} as numeric) / cast({{ denominator }} as numeric), 2) as decimal(20,2))
{%- endmacro %}

{#- An amount already in CNY rounded to cents, half away from zero. -#}
{% macro round_money(amount) -%}
    cast(round(cast({{ amount }} as decimal(38,10)), 2) as decimal(20,2))
{%- endmacro %}
