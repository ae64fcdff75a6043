{#- The incremental staging of the three big daily tables (core_deposit_balances,
    core_transactions, credit_loan_balances): their base_, stg_ and rej_ models are
    tables kept by day. A full build (or --full-refresh) reads every raw row; a nightly
    run re-reads only the raw rows of the days from the latest processed day minus var
    reprocess_days (late rows within that many days are picked up), plus every row whose
    day is missing, unreadable or impossible, and replaces those days. -#}

{#- The day under which a row with no usable day is kept: the day before
    earliest_valid_date, as 'YYYY-MM-DD'. Such rows are re-read on every run. -#}
{% macro unreadable_day() -%}
    {{ return(shift_day(var('earliest_valid_date'), -1)) }}
{%- endmacro %}

{#- SQL: the day partition of a row, from its typed day `day_expression`: the day itself
    when it is a usable date (on or after earliest_valid_date), else unreadable_day(). -#}
{% macro day_partition(day_expression) -%}
    case
        when {{ day_expression }} >= {{ date_literal(var('earliest_valid_date')) }} then {{ day_expression }}
        else {{ date_literal(unreadable_day()) }}
    end
{%- endmacro %}

{#- For an incremental big staging table: the first day to (re)process, the latest
    `day_column` already in the table minus var reprocess_days, as 'YYYY-MM-DD'; none on
    a full build, which processes everything. -#}
{% macro reprocess_from(day_column='partition_date') -%}
    {%- if this is none or not is_incremental() -%}
        {{ return(none) }}
    {%- endif -%}
    {%- if execute -%}
        {%- set result = run_query('select max(' ~ day_column ~ ') from ' ~ this) -%}
        {%- set latest = result.columns[0].values()[0] -%}
        {%- if latest is none -%}
            {{ return(none) }}
        {%- endif -%}
        {{ return(shift_day((latest | string)[:10], - (var('reprocess_days') | int))) }}
    {%- endif -%}
    {{ return(none) }}
{%- endmacro %}

{#- SQL: the rows of the days a run (re)processes: `day_column` (a day partition, or a
    typed day that may be null or impossible) on or after `since`, or without a usable
    day. Always true when `since` is none (a full build). On a full build, `parts_of`
    (the raw relation `day_column` is read from) lets the engine build the table a month
    at a time: see full_build_parts (macros/engines/build_in_parts.sql). -#}
{% macro in_reprocessed_days(day_column, since, parts_of=none) -%}
    {%- if since is none and parts_of is not none -%}
        {{ adapter.dispatch('full_build_parts')(parts_of, day_column) }}
    {%- elif since is none -%}
        (1 = 1)
    {%- else -%}
        ({{ day_column }} is null
            or {{ day_column }} < {{ date_literal(var('earliest_valid_date')) }}
            or {{ day_column }} >= {{ date_literal(since) }})
    {%- endif -%}
{%- endmacro %}

{#- SQL select: the rows of `relation` (a CTE of raw rows) with copy_number, their
    position among the copies of their key (`key_columns`) in survivor order
    (`order_by`), and key_copies, how many copies the key has. The same numbers as
    copy_number(), cheaper on a big table: the survivor order is sorted only among the
    few keys with more than one copy. -#}
{% macro numbered_copies(relation, key_columns, order_by) -%}
    select
        {{ relation }}.*,
        1 as copy_number
    from {{ relation }}
    where key_copies = 1

    union all

    select
        {{ relation }}.*,
        row_number() over (
            partition by {{ key_columns | join(', ') }}
            order by {{ order_by | join(', ') }}
        ) as copy_number
    from {{ relation }}
    where key_copies > 1
{%- endmacro %}

{#- SQL: how many raw rows share the row's key (`key_columns`), for numbered_copies. -#}
{% macro key_copies(key_columns) -%}
    count(*) over (partition by {{ key_columns | join(', ') }})
{%- endmacro %}
