{#- The day the run describes (var as_of_date, docs/segmentation_rules.md §0 and §13.21): as given, else the
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

{#- A day range [start, end] ('YYYY-MM-DD') split for the monthly stages: the calendar
    months wholly inside it ([full_from, full_until), month starts; none when no month
    fits) and the days outside those months (daily: a list of [first, last] ranges),
    which are read from the daily tables. -#}
{% macro window_parts(start, end) -%}
    {%- set dt = modules.datetime -%}
    {%- set s = dt.date.fromisoformat(start | string) -%}
    {%- set e = dt.date.fromisoformat(end | string) -%}
    {%- set first_full = s if s.day == 1 else (s.replace(day=28) + dt.timedelta(days=4)).replace(day=1) -%}
    {%- set after_end = e + dt.timedelta(days=1) -%}
    {%- set full_until = after_end if after_end.day == 1 else e.replace(day=1) -%}
    {%- if first_full < full_until -%}
        {%- set daily = [] -%}
        {%- if s < first_full -%}
            {%- do daily.append([s.isoformat(), (first_full - dt.timedelta(days=1)).isoformat()]) -%}
        {%- endif -%}
        {%- if full_until <= e -%}
            {%- do daily.append([full_until.isoformat(), e.isoformat()]) -%}
        {%- endif -%}
        {{ return({'full_from': first_full.isoformat(), 'full_until': full_until.isoformat(), 'daily': daily}) }}
    {%- endif -%}
    {{ return({'full_from': none, 'full_until': none, 'daily': [[s.isoformat(), e.isoformat()]]}) }}
{%- endmacro %}

{#- SQL: `month_column` (a month start) is one of the whole months of `parts`. -#}
{% macro in_full_months(month_column, parts) -%}
    {%- if parts.full_from is none -%}
        (1 = 0)
    {%- else -%}
        ({{ month_column }} >= {{ date_literal(parts.full_from) }} and {{ month_column }} < {{ date_literal(parts.full_until) }})
    {%- endif -%}
{%- endmacro %}

{#- SQL: `day_column` is one of the days of `parts` outside its whole months. -#}
{% macro in_partial_days(day_column, parts) -%}
    {%- if parts.daily | length == 0 -%}
        (1 = 0)
    {%- else -%}
        (
        {%- for range in parts.daily -%}
            ({{ day_column }} >= {{ date_literal(range[0]) }} and {{ day_column }} <= {{ date_literal(range[1]) }})
            {%- if not loop.last %} or {% endif -%}
        {%- endfor -%}
        )
    {%- endif -%}
{%- endmacro %}

{#- For an incremental monthly stage: the first day to (re)process, the first day of the
    month that holds the latest processed day minus var reprocess_days (late rows within
    that many days are picked up); none on a full build, which processes everything. -#}
{% macro reprocess_since(last_day_column) -%}
    {%- if this is none or not is_incremental() -%}
        {{ return(none) }}
    {%- endif -%}
    {%- if execute -%}
        {%- set result = run_query('select max(' ~ last_day_column ~ ') from ' ~ this) -%}
        {%- set latest = result.columns[0].values()[0] -%}
        {%- if latest is none -%}
            {{ return(none) }}
        {%- endif -%}
        {%- set day = modules.datetime.date.fromisoformat((latest | string)[:10])
            - modules.datetime.timedelta(days=(var('reprocess_days') | int) - 1) -%}
        {{ return(day.replace(day=1).isoformat()) }}
    {%- endif -%}
    {{ return(none) }}
{%- endmacro %}
