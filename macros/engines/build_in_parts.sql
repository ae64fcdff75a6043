{#- SQL: the filter of a full build that may be run in parts, one statement per part
    (see the duckdb__create_table_as override below).
    For a big table whose primary key includes its day, so that copies of a key always
    fall in the same month: numbering copies needs every row of a part in one window,
    which DuckDB buffers whole (spilling to disk beyond its memory limit); a month at a
    time it stays in memory. Default (PostgreSQL, Spark, whose sorts and shuffles are
    built for tables larger than memory): one statement, always true. -#}
{% macro default__full_build_parts(relation, day_column) -%}
    (1 = 1)
{%- endmacro %}

{#- DuckDB: always true too, followed by a comment listing the parts' conditions: each
    calendar month with rows in `relation` (the last open-ended), then the rows without a
    usable day; together they hold every row once. -#}
{% macro duckdb__full_build_parts(relation, day_column) -%}
    {%- set parts = [] -%}
    {%- if execute -%}
        {%- set earliest = date_literal(var('earliest_valid_date')) -%}
        {%- set months = run_query(
            'select distinct ' ~ dbt.date_trunc('month', day_column) ~ ' as month_start from ' ~ relation
            ~ ' where ' ~ day_column ~ ' >= ' ~ earliest ~ ' order by 1').columns[0].values() -%}
        {%- for month in months -%}
            {%- set start = day_column ~ ' >= ' ~ date_literal((month | string)[:10]) -%}
            {%- if loop.last -%}
                {%- do parts.append(start) -%}
            {%- else -%}
                {%- do parts.append(start ~ ' and ' ~ day_column ~ ' < ' ~ date_literal((loop.nextitem | string)[:10])) -%}
            {%- endif -%}
        {%- endfor -%}
        {%- do parts.append(day_column ~ ' is null or ' ~ day_column ~ ' < ' ~ earliest) -%}
    {%- endif -%}
    (1 = 1) /* build_parts: {{ parts | join(' ;; ') }} */
{%- endmacro %}

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
