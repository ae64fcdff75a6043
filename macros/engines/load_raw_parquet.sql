{#- Used by scripts/load_raw.py on Spark: (re)creates each raw table of `schema` from
    Parquet files, through dbt's own connection, so a local session's metastore and a
    cluster's are the ones dbt reads. `tables` maps table name -> path. -#}
{% macro load_raw_parquet(schema, tables) -%}
    {%- do run_query('create schema if not exists ' ~ schema) -%}
    {%- for table, path in tables.items() -%}
        {%- do run_query('drop table if exists ' ~ schema ~ '.' ~ table) -%}
        {%- do run_query('create table ' ~ schema ~ '.' ~ table ~ ' using parquet as select * from parquet.`' ~ path ~ '`') -%}
        {{ log('load_raw: ' ~ schema ~ '.' ~ table ~ ' from ' ~ path, info=true) }}
    {%- endfor -%}
{%- endmacro %}
