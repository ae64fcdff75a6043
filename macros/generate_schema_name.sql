{#- Custom schemas are used as they are named (staging, intermediate, marts, seeds,
    snapshots) on a production target (var production_targets), so BI tools and grants
    see stable schema names on every engine. Any other target (a developer's dev) writes
    the same schemas prefixed, <prefix>_marts and so on, and so never touches
    production's; the prefix is var schema_prefix, else env var DBT_SCHEMA_PREFIX, else
    the target's name. Without a custom schema, the target's schema. The raw tables are
    read from var raw_schema on every target and never written by dbt. -#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}
        {{ target.schema }}
    {%- elif target.name in var('production_targets', ['prod', 'duckdb', 'postgres', 'spark']) -%}
        {{ custom_schema_name | trim }}
    {%- else -%}
        {{ schema_prefix() }}_{{ custom_schema_name | trim }}
    {%- endif -%}
{%- endmacro %}

{#- The prefix of a non-production target's schemas: var schema_prefix, else env var
    DBT_SCHEMA_PREFIX, else the target's name; lower-cased, anything but letters, digits
    and _ replaced by _, so that it is a plain identifier on every engine. -#}
{% macro schema_prefix() -%}
    {%- set prefix = var('schema_prefix', none) or env_var('DBT_SCHEMA_PREFIX', '') or target.name -%}
    {{ return(modules.re.sub('[^a-z0-9_]', '_', prefix | string | lower)) }}
{%- endmacro %}
