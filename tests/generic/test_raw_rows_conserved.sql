{#- Conservation of raw rows: every row of the raw table is either in the staged
    model the test is attached to, or in dq_rejected_rows under the raw table's name.
    Returns one row (with the three counts) when staged + rejected <> raw. An optional
    raw table absent from the warehouse counts as empty (raw_table_or_empty). -#}
{% test raw_rows_conserved(model, source_name, table_name) %}

{%- set raw = source(source_name, table_name) %}

with raw_rows as (

    select count(*) as row_count from {{ raw_table_or_empty(raw) }}

),

staged_rows as (

    select count(*) as row_count from {{ model }}

),

rejected_rows as (

    select count(*) as row_count
    from {{ ref('dq_rejected_rows') }}
    where source_table = '{{ raw.identifier }}'

)

select
    raw_rows.row_count as raw_row_count,
    staged_rows.row_count as staged_row_count,
    rejected_rows.row_count as rejected_row_count
from raw_rows
cross join staged_rows
cross join rejected_rows
where raw_rows.row_count <> staged_rows.row_count + rejected_rows.row_count

{% endtest %}
