{#- Override of dbt's default__get_where_subquery (the `where` config of data tests;
    macros/engines/README.md says why).
    Tests of a big incremental table check the days the latest run processed, not the
    whole history again: a test configured with `where: "__reprocessed_days__(column)"`
    sees only the rows whose `column` is within var reprocess_days of the latest day in
    the table, or has no usable day (null, unreadable or before earliest_valid_date).
    Any other `where` works as dbt's own.
    An optional raw table absent from the warehouse is tested as an empty table
    (raw_table_or_empty), so that its source tests pass instead of failing to compile. -#}
{% macro default__get_where_subquery(relation) -%}
    {%- set relation = raw_table_or_empty(relation) -%}
    {%- set where = config.get('where', '') -%}
    {%- if where -%}
        {%- set match = modules.re.search('__reprocessed_days__\\((\\w+)\\)', where) -%}
        {%- if match -%}
            {#- a raw table landed as text holds the day as text: read it as a date, or null
                when it is no date (cast_or_null, never a bare cast, which any text such as
                2026-02-30 would stop) or not a finite one -#}
            {%- set column = finite_or_null(cast_or_null(match.group(1), 'date'), 'date') -%}
            {%- set latest = '(select max(' ~ column ~ ') from ' ~ relation ~ ')' -%}
            {%- set condition -%}
                ({{ column }} is null
                    or {{ column }} < {{ date_literal(var('earliest_valid_date')) }}
                    or {{ column }} >= {{ dbt.dateadd('day', - (var('reprocess_days') | int), latest) }})
            {%- endset -%}
            {%- set where = where | replace(match.group(0), condition) -%}
        {%- endif -%}
        {%- set filtered -%}
            (select * from {{ relation }} where {{ where }}) dbt_subquery
        {%- endset -%}
        {{ return(filtered) }}
    {%- endif -%}
    {{ return(relation) }}
{%- endmacro %}
