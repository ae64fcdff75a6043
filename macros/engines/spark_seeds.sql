{#- Seeds on Spark. dbt-spark's own spark__load_csv_rows passes the values as bindings
    that its session method pastes between quotes unescaped, so a description holding
    an apostrophe (column's) breaks the insert, and a missing value arrives as the text
    'None'. Here every value is written as an escaped Spark string literal (backslash
    and quote escaped; null for a missing value) and cast to its column's type, on any
    connection method. And a seed column typed char(n) or varchar(n) is a plain string
    on Spark: Spark carries char/varchar into the tables built from it but reports
    string for a query, so every incremental model reading a label would see its
    columns change type between runs (on_schema_change: fail). -#}

{% macro spark_seed_type(type) -%}
    {{ return(modules.re.sub('(?i)^\s*(var)?char\s*\(\s*\d+\s*\)\s*$', 'string', type)) }}
{%- endmacro %}

{% macro spark__create_csv_table(model, agate_table) %}
    {%- set column_override = model['config'].get('column_types', {}) -%}
    {%- set quote_seed_column = model['config'].get('quote_columns', None) -%}
    {%- set sql -%}
        create table {{ this.render() }} (
            {%- for col_name in agate_table.column_names -%}
                {%- set type = spark_seed_type(column_override.get(col_name, adapter.convert_type(agate_table, loop.index0))) -%}
                {{ adapter.quote_seed_column(col_name | string, quote_seed_column) }} {{ type }}{%- if not loop.last -%}, {% endif -%}
            {%- endfor -%}
        )
        {{ file_format_clause() }}
        {{ partition_cols(label="partitioned by") }}
        {{ clustered_cols(label="clustered by") }}
        {{ location_clause() }}
        {{ comment_clause() }}
    {%- endset -%}
    {%- call statement('_') -%}
        {{ sql }}
    {%- endcall -%}
    {{ return(sql) }}
{% endmacro %}
{% macro spark__load_csv_rows(model, agate_table) %}
    {%- set batch_size = get_batch_size() -%}
    {%- set column_override = model['config'].get('column_types', {}) -%}
    {%- set statements = [] -%}
    {%- for chunk in agate_table.rows | batch(batch_size) -%}
        {%- set sql -%}
            insert into {{ this.render() }} values
            {% for row in chunk -%}
                ({%- for col_name in agate_table.column_names -%}
                    {%- set type = spark_seed_type(column_override.get(col_name, adapter.convert_type(agate_table, loop.index0))) -%}
                    {%- set value = row[loop.index0] -%}
                    {%- if value is none -%}
                        cast(null as {{ type }})
                    {%- else -%}
                        {%- set text = (value | string) if value is not boolean else (value | string | lower) -%}
                        cast('{{ text | replace("\\", "\\\\") | replace("'", "\\'") }}' as {{ type }})
                    {%- endif -%}
                    {%- if not loop.last %}, {% endif -%}
                {%- endfor -%})
                {%- if not loop.last %},{% endif %}
            {% endfor -%}
        {%- endset -%}
        {%- do adapter.add_query(sql, abridge_sql_log=True) -%}
        {%- if loop.index0 == 0 -%}
            {%- do statements.append(sql) -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return(statements[0]) }}
{% endmacro %}
