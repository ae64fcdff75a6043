{#- A number as text with 2 decimals and thousand separators (`-1,234,567.89`), the same
    text on every engine: the value is first held at 10 decimals (a double such as 34.605,
    whose binary value lies just below, becomes 34.6050000000 on every engine, as the
    engines that print a double's shortest form would read it), then rounded to cents as
    decimal(38, 2), half away from zero; then the whole part is grouped by the engine's own
    function (exact on decimals: DuckDB's format on a hugeint, PostgreSQL's to_char, Spark's
    format_number) and the cents are the last two characters of the decimal cast to text.
    Null stays null. -#}
{% macro format_two_decimals(expression) -%}
    {%- set cents = 'cast(cast(' ~ expression ~ ' as decimal(38, 10)) as decimal(38, 2))' -%}
    case
        when {{ cents }} is not null then {{ dbt.concat([
            "case when " ~ cents ~ " < 0 then '-' else '' end",
            group_thousands('floor(abs(' ~ cents ~ '))'),
            "'.'",
            dbt.right('cast(abs(' ~ cents ~ ') as ' ~ dbt.type_string() ~ ')', '2'),
        ]) }}
    end
{%- endmacro %}

{#- A whole non-negative decimal as text with a `,` between groups of three digits. -#}
{% macro group_thousands(whole) -%}
    {{ return(adapter.dispatch('group_thousands', 'corp_tiering')(whole)) }}
{%- endmacro %}

{% macro default__group_thousands(whole) -%}
    format('{:,}', cast({{ whole }} as hugeint))
{%- endmacro %}

{% macro postgres__group_thousands(whole) -%}
    to_char({{ whole }}, 'FM999,999,999,999,999,999,999,999,999,999,999,990')
{%- endmacro %}

{% macro spark__group_thousands(whole) -%}
    format_number({{ whole }}, 0)
{%- endmacro %}
