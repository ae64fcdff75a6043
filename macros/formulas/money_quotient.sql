{#- numerator / denominator in CNY, rounded to cents half away from zero, exactly.
    Every money formula divides once, here (docs/segmentation_rules.md §13.7, §13.14). The denominator must be
    positive. -#}
{% macro money_quotient(numerator, denominator) -%}
    cast({{ decimal_quotient(numerator, denominator, 2) }} as decimal(20,2))
{%- endmacro %}

{#- numerator / denominator rounded half away from zero to `scale` decimals (0 to 8),
    exactly and the same on every engine, as a DECIMAL(38, scale). No engine divides
    decimals exactly by itself: DuckDB turns a DECIMAL division into DOUBLE (a double
    can land on the wrong cent), and Spark rounds a quotient to the scale that fits in
    38 digits, so rounding it again can be off by one in the last place. The numerator
    is taken to 16 decimals and the denominator to 8, and they are divided as integers.
    The denominator must be positive. -#}
{% macro decimal_quotient(numerator, denominator, scale) -%}
    {{ return(adapter.dispatch('decimal_quotient', 'corp_tiering')(numerator, denominator, scale)) }}
{%- endmacro %}

{% macro default__decimal_quotient(numerator, denominator, scale) -%}
    {#- n = numerator x 1e16 and d = denominator x 1e8 as exact integers (the decimal's
        digits without its point); the result x 10^scale = n / (d x 10^(8 - scale)),
        rounded half away from zero. -#}
    {%- set n = "cast(replace(cast(cast(" ~ numerator ~ " as decimal(38,16)) as varchar), '.', '') as hugeint)" -%}
    {%- set m = "(cast(replace(cast(cast(" ~ denominator ~ " as decimal(38,8)) as varchar), '.', '') as hugeint) * "
        ~ 10 ** (8 - scale) ~ ")" -%}
    (cast(sign({{ n }}) * ((2 * abs({{ n }}) + {{ m }}) // (2 * {{ m }})) as decimal(38,0))
        * cast({{ ("%." ~ scale ~ "f") | format(10 ** (0 - scale)) }} as decimal(9,{{ scale }})))
{%- endmacro %}

{% macro postgres__decimal_quotient(numerator, denominator, scale) -%}
    {#- numeric division is exact to well beyond the last place, and round() of a
        numeric rounds half away from zero -#}
    round(cast({{ numerator }} as numeric) / cast({{ denominator }} as numeric), {{ scale }})
{%- endmacro %}

{% macro spark__decimal_quotient(numerator, denominator, scale) -%}
    {#- Spark has no 128-bit integer, and its decimal-to-text cast may print 0E-16. So n
        and m are made whole decimals by multiplying (the product's type may lose scale,
        but its value is a whole number and stays exact), and `div` divides them exactly
        into a bigint: exact while |numerator| < 1e16 and |result| x 10^scale < 9.2e18
        (9.2e16 CNY in cents). -#}
    {%- set n = "cast(cast(" ~ numerator ~ " as decimal(38,16)) * cast(10000000000000000 as decimal(17,0)) as decimal(38,0))" -%}
    {%- set m = "cast(cast(" ~ denominator ~ " as decimal(38,8)) * cast(" ~ 10 ** (16 - scale)
        ~ " as decimal(" ~ (17 - scale) ~ ",0)) as decimal(38,0))" -%}
    {%- set q = "((2 * abs(" ~ n ~ ") + " ~ m ~ ") div (2 * " ~ m ~ "))" -%}
    (cast(case when {{ n }} < 0 then - {{ q }} else {{ q }} end as decimal(38,0))
        * cast({{ ("%." ~ scale ~ "f") | format(10 ** (0 - scale)) }} as decimal(9,{{ scale }})))
{%- endmacro %}

{#- An amount already in CNY rounded to cents, half away from zero. -#}
{% macro round_money(amount) -%}
    cast(round(cast({{ amount }} as decimal(38,10)), 2) as decimal(20,2))
{%- endmacro %}
