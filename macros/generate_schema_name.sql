{#- Custom schemas are used as they are named (staging, intermediate, marts, seeds)
    rather than prefixed with the target schema, so BI tools and grants see stable
    schema names on every engine. Without a custom schema, the target's schema. -#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}
        {{ target.schema }}
    {%- else -%}
        {{ custom_schema_name | trim }}
    {%- endif -%}
{%- endmacro %}
