{#- Aggregate: the group's strings joined by `delimiter`, sorted by their bytes (code
    point order), the same on every engine. PostgreSQL sorts text by the database's
    collation, so there the order is forced to "C"; Spark 3.5 has no string_agg and dbt's
    listagg ignores its order there, so it sorts the collected list. Null when the group
    is empty (DuckDB, PostgreSQL) or an empty string (Spark): wrap it in coalesce. -#}
{% macro sorted_string_agg(measure, delimiter) -%}
    {{ return(adapter.dispatch('sorted_string_agg', 'corp_tiering')(measure, delimiter)) }}
{%- endmacro %}

{% macro default__sorted_string_agg(measure, delimiter) -%}
    string_agg({{ measure }}, '{{ delimiter }}' order by {{ measure }})
{%- endmacro %}

{% macro postgres__sorted_string_agg(measure, delimiter) -%}
    string_agg({{ measure }}, '{{ delimiter }}' order by {{ measure }} collate "C")
{%- endmacro %}

{% macro spark__sorted_string_agg(measure, delimiter) -%}
    array_join(array_sort(collect_list({{ measure }})), '{{ delimiter }}')
{%- endmacro %}
