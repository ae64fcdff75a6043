{#- Which seeds made a slice (README "Which seeds made a slice"): the content hash of one
    seed table, an aggregate over its rows. It hashes the values as loaded (typed by the
    seed's column_types), not the file's bytes, so a file resaved with CRLF line ends,
    a byte-order mark, reordered rows or `1000000.0` for `1000000` in a decimal column
    hashes the same, and any changed, added or removed value, row or column changes it:
      value hash = md5 of the value's canonical text (seed_value_text below), or the four
                   letters `null` for a null;
      row hash   = md5 of the row's value hashes concatenated in column order;
      seed hash  = md5 of the column names joined by `,`, then `:`, then the row hashes
                   sorted and joined by `,`.
    The columns are the table's own (known only when dbt executes; at parse time none).
    Their column_types must be text, integer, decimal, boolean or date: a float's or a
    timestamp's text differs by engine (`1.0E7`, `10000000.0`, `10000000`), so such a
    column stops the build here rather than give each engine its own fingerprint. -#}
{% macro seed_hash(relation) -%}
    {%- set columns = adapter.get_columns_in_relation(relation) if execute else [] -%}
    {%- set value_hashes = [] -%}
    {%- for column in columns -%}
        {%- if modules.re.match('^\\s*(float|double|real|time)', column.dtype | lower) -%}
            {%- do exceptions.raise_compiler_error(
                "seed_hash: column " ~ column.name ~ " of " ~ relation ~ " is " ~ column.dtype
                ~ "; the seeds fingerprint takes text, integer, decimal, boolean and date columns"
                ~ " (give it a decimal(p,s) column_type)") -%}
        {%- endif -%}
        {%- do value_hashes.append(
            "coalesce(md5(" ~ seed_value_text(adapter.quote(column.name), column.dtype) ~ "), 'null')") -%}
    {%- endfor -%}
    {%- set header = columns | map(attribute='name') | join(',') -%}
    {%- set row_hash = 'md5(' ~ (dbt.concat(value_hashes) if value_hashes | length > 1 else (value_hashes | first | default("''"))) ~ ')' -%}
    md5({{ dbt.concat(["'" ~ header ~ ":'", 'coalesce(' ~ sorted_string_agg(row_hash, ',') ~ ", '')"]) }})
{%- endmacro %}

{#- The canonical text of one seed value, the same on every engine: text as loaded, an
    integer in digits, a decimal in plain digits with exactly its scale's decimals
    (`0.00000000`, `-1.50`), a boolean `true`/`false`, a date `YYYY-MM-DD`. That is the
    cast to text on DuckDB and PostgreSQL; Spark's cast writes a decimal below 1e-6 in
    scientific notation (`0E-8`, `1.0E-7` in a decimal(24,8)), so there a decimal is
    formatted with its scale and the thousands separators removed. -#}
{% macro seed_value_text(column, data_type) -%}
    {{ return(adapter.dispatch('seed_value_text', 'corp_tiering')(column, data_type)) }}
{%- endmacro %}

{% macro default__seed_value_text(column, data_type) -%}
    cast({{ column }} as {{ dbt.type_string() }})
{%- endmacro %}

{% macro spark__seed_value_text(column, data_type) -%}
    {%- set decimal = modules.re.match('^\\s*(?:decimal|numeric)\\s*\\(\\s*\\d+\\s*,\\s*(\\d+)\\s*\\)', data_type | lower) -%}
    {%- if decimal -%}
        replace(format_number({{ column }}, {{ decimal.group(1) }}), ',', '')
    {%- else -%}
        cast({{ column }} as {{ dbt.type_string() }})
    {%- endif -%}
{%- endmacro %}

{#- The fingerprint of all the seeds together, an aggregate over rows of (seed_name,
    seed_hash): md5 of the `seed_name=seed_hash` strings sorted and joined by `,`. -#}
{% macro seeds_fingerprint(seed_name, seed_hash) -%}
    md5({{ sorted_string_agg(dbt.concat([seed_name, "'='", seed_hash]), ',') }})
{%- endmacro %}
