{#- DuckDB: a full build of a model whose filter carries the parts' conditions
    (duckdb__full_build_parts) is run as one statement per part, the table created by
    the first and filled by the others, so that DuckDB holds one part at a time. Any
    other table is created as dbt-duckdb creates it. -#}
{% macro duckdb__create_table_as(temporary, relation, compiled_code, language='sql', partitioned_by=none, sorted_by=none) -%}
    {%- set marker = modules.re.search('\\(1 = 1\\) /\\* build_parts: (.*?) \\*/', compiled_code, modules.re.S) -%}
    {%- if language != 'sql' or temporary or marker is none -%}
        {{ dbt.duckdb__create_table_as(temporary, relation, compiled_code, language, partitioned_by, sorted_by) }}
    {%- else -%}
        {%- set parts = [] -%}
        {%- for condition in marker.group(1).split(' ;; ') -%}
            {%- do parts.append(compiled_code | replace(marker.group(0), '(' ~ condition ~ ')')) -%}
        {%- endfor -%}
        {{ dbt.duckdb__create_table_as(temporary, relation, parts[0], language, partitioned_by, sorted_by) }}
        {%- for part in parts[1:] %}
    insert into {{ relation }}
    select * from (
        {{ part }}
    ) as model_subq;
        {%- endfor -%}
    {%- endif -%}
{%- endmacro %}
