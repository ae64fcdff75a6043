{#- Cast that yields null instead of failing when the value does not convert. (Not
    named safe_cast: that would shadow dbt's own macro, which dbt's unit tests call.)
    DuckDB and Spark have try_cast; PostgreSQL (before 16) has none, so there it calls
    the function that create_engine_functions() makes at the start of every run. -#}
{% macro cast_or_null(expression, data_type) -%}
    {{ return(adapter.dispatch('cast_or_null', 'corp_tiering')(expression, data_type)) }}
{%- endmacro %}

{% macro default__cast_or_null(expression, data_type) -%}
    try_cast({{ expression }} as {{ data_type }})
{%- endmacro %}

{% macro postgres__cast_or_null(expression, data_type) -%}
    cast({{ target.schema }}.corp_tiering_try_cast(
        cast({{ expression }} as text), '{{ data_type }}', cast(null as {{ data_type }})) as {{ data_type }})
{%- endmacro %}

{#- Functions the models need that an engine lacks, created (or replaced) by the
    project's on-run-start hook. Nothing on DuckDB and Spark. -#}
{% macro create_engine_functions() -%}
    {{ return(adapter.dispatch('create_engine_functions', 'corp_tiering')()) }}
{%- endmacro %}

{% macro default__create_engine_functions() -%}
    select 1
{%- endmacro %}

{% macro postgres__create_engine_functions() -%}
    create schema if not exists {{ target.schema }};
    {#- The value cast to the type named in full (typmod included, so an overflow of
        decimal(20,2) is caught too), or null when the cast fails. -#}
    create or replace function {{ target.schema }}.corp_tiering_try_cast(
        value text, type_name text, inout result anyelement)
    language plpgsql immutable as $body$
    begin
        execute format('select cast(%L as %s)', value, type_name) into result;
    exception when others then
        result := null;
    end
    $body$
{%- endmacro %}

{#- The value of `expression` (already of type `data_type`) when the marts can compute
    with it, else null: an infinite date or timestamp (DuckDB and PostgreSQL accept
    'infinity') or a NaN numeric (PostgreSQL) is no value. DuckDB's decimals and integers
    cannot hold a non-finite value, and a DOUBLE's inf or NaN does not cast to one. -#}
{% macro finite_or_null(expression, data_type) -%}
    {{ return(adapter.dispatch('finite_or_null', 'corp_tiering')(expression, data_type)) }}
{%- endmacro %}

{% macro default__finite_or_null(expression, data_type) -%}
    {%- if (data_type | lower).startswith(('date', 'timestamp')) -%}
        case when isfinite({{ expression }}) then {{ expression }} end
    {%- else -%}
        {{ expression }}
    {%- endif -%}
{%- endmacro %}

{% macro postgres__finite_or_null(expression, data_type) -%}
    {%- if (data_type | lower).startswith(('date', 'timestamp')) -%}
        case when isfinite({{ expression }}) then {{ expression }} end
    {%- elif (data_type | lower).startswith(('decimal', 'numeric')) -%}
        nullif({{ expression }}, cast('NaN' as numeric))
    {%- else -%}
        {{ expression }}
    {%- endif -%}
{%- endmacro %}

{#- Spark's dates, timestamps and decimals have no infinity or NaN. -#}
{% macro spark__finite_or_null(expression, data_type) -%}
    {{ expression }}
{%- endmacro %}
