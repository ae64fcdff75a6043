{#- Source freshness reads each raw table's load date through its loaded_at_field,
    written `cast(<column> as timestamp)` in the sources' YAML (where no macro can be
    called). A table landed as text may hold any text there (2026-02-30): the column is
    read with cast_or_null and finite_or_null instead, so that such a value is skipped
    and does not stop `dbt source freshness`. Any other loaded_at_field works as dbt's own. -#}
{% macro default__collect_freshness(source, loaded_at_field, filter) -%}
    {%- set match = modules.re.fullmatch('\\s*cast\\(\\s*(\\w+)\\s+as\\s+(date|timestamp)\\s*\\)\\s*',
        loaded_at_field, modules.re.IGNORECASE) -%}
    {%- if match -%}
        {%- set data_type = match.group(2) | lower -%}
        {%- set loaded_at_field = finite_or_null(cast_or_null(match.group(1), data_type), data_type) -%}
    {%- endif -%}
    {{ return(dbt.default__collect_freshness(source, loaded_at_field, filter)) }}
{%- endmacro %}
