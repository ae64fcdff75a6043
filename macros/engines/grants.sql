{#- SQL of the on-run-end hook: USAGE on every schema that holds a model granted to a
    role, for those roles (dbt's grants config covers tables and views, not their
    schema). PostgreSQL only: elsewhere nothing. -#}
{% macro grant_schema_usage() -%}
    {{ return(adapter.dispatch('grant_schema_usage', 'corp_tiering')()) }}
{%- endmacro %}

{% macro default__grant_schema_usage() -%}
    select 1
{%- endmacro %}

{% macro postgres__grant_schema_usage() -%}
    {%- set usage = {} -%}
    {%- if execute -%}
        {%- for node in graph.nodes.values() if node.resource_type == 'model' -%}
            {%- for role in (node.config.grants or {}).get('select', []) -%}
                {%- do usage.setdefault(node.schema, []).append(role) if role not in usage.get(node.schema, []) -%}
            {%- endfor -%}
        {%- endfor -%}
    {%- endif -%}
    {%- if usage -%}
        {%- for schema, roles in usage.items() -%}
            grant usage on schema {{ adapter.quote(schema) }} to {{ roles | map('string') | join(', ') }};
        {% endfor -%}
    {%- else -%}
        select 1
    {%- endif -%}
{%- endmacro %}
