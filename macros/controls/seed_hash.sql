{#- Which seeds made a slice (README "Which seeds made a slice"): the content hash of one
    seed table, an aggregate over its rows. It hashes the values as loaded (typed by the
    seed's column_types), not the file's bytes, so a file resaved with CRLF line ends,
    a byte-order mark, reordered rows or `1000000.0` for `1000000` in a decimal column
    hashes the same, and any changed, added or removed value, row or column changes it:
      value hash = md5 of the value cast to text, or the four letters `null` for a null;
      row hash   = md5 of the row's value hashes concatenated in column order;
      seed hash  = md5 of the column names joined by `,`, then `:`, then the row hashes
                   sorted and joined by `,`.
    The columns are the table's own (known only when dbt executes; at parse time none). -#}
{% macro seed_hash(relation) -%}
    {%- set columns = adapter.get_columns_in_relation(relation) if execute else [] -%}
    {%- set value_hashes = [] -%}
    {%- for column in columns -%}
        {%- do value_hashes.append(
            "coalesce(md5(cast(" ~ adapter.quote(column.name) ~ " as " ~ dbt.type_string() ~ ")), 'null')") -%}
    {%- endfor -%}
    {%- set header = columns | map(attribute='name') | join(',') -%}
    {%- set row_hash = 'md5(' ~ (dbt.concat(value_hashes) if value_hashes | length > 1 else (value_hashes | first | default("''"))) ~ ')' -%}
    md5({{ dbt.concat(["'" ~ header ~ ":'", 'coalesce(' ~ sorted_string_agg(row_hash, ',') ~ ", '')"]) }})
{%- endmacro %}

{#- The fingerprint of all the seeds together, an aggregate over rows of (seed_name,
    seed_hash): md5 of the `seed_name=seed_hash` strings sorted and joined by `,`. -#}
{% macro seeds_fingerprint(seed_name, seed_hash) -%}
    md5({{ sorted_string_agg(dbt.concat([seed_name, "'='", seed_hash]), ',') }})
{%- endmacro %}
