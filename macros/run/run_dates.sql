{#- The day the run describes (var as_of_date, RULES 0 and 13.21): as given, else the
    latest balance_date among the staged deposit balances. Returned as 'YYYY-MM-DD'.
    At parse time, before any data is read, a placeholder. -#}
{% macro as_of_date() -%}
    {%- set given = var('as_of_date', none) -%}
    {%- if given is not none and given | string | trim != '' -%}
        {{ return(given | string) }}
    {%- endif -%}
    {%- set balances = ref('stg_core__deposit_balances') -%}
    {%- if execute -%}
        {%- set result = run_query('select max(balance_date) from ' ~ balances) -%}
        {%- set latest = result.columns[0].values()[0] -%}
        {%- if latest is none -%}
            {{ exceptions.raise_compiler_error(
                "as_of_date: no var as_of_date given and no staged deposit balance to take it from") }}
        {%- endif -%}
        {{ return(latest | string) }}
    {%- endif -%}
    {{ return('1900-01-01') }}
{%- endmacro %}

{#- A day `days` before or after `day` ('YYYY-MM-DD'), as 'YYYY-MM-DD'. -#}
{% macro shift_day(day, days) -%}
    {{ return((modules.datetime.date.fromisoformat(day | string) + modules.datetime.timedelta(days=days)).isoformat()) }}
{%- endmacro %}

{#- The window W = [as_of_date - lookback_days + 1, as_of_date] and the window before it
    (for growth), as a dict of 'YYYY-MM-DD' strings: as_of, start, earlier_start,
    earlier_end, and the number of days. -#}
{% macro lookback_window() -%}
    {%- set as_of = as_of_date() -%}
    {%- set days = var('lookback_days') | int -%}
    {{ return({
        'as_of': as_of,
        'start': shift_day(as_of, 1 - days),
        'earlier_end': shift_day(as_of, - days),
        'earlier_start': shift_day(as_of, 1 - 2 * days),
        'days': days,
    }) }}
{%- endmacro %}

{#- A 'YYYY-MM-DD' string as a SQL date literal. -#}
{% macro date_literal(day) -%}
    cast('{{ day }}' as date)
{%- endmacro %}
