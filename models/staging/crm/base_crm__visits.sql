{#- Raw crm_visits cast and normalised, with each row's own rejection reason. An
    optional raw table: when the bank has none, the model reads a typed empty table
    (raw_table_or_empty) and is empty. A row must name exactly one party, a customer or
    a prospect; one naming both or neither has no single parent and is rejected as
    orphan_foreign_key, the last check. manager_id is no foreign key: a manager no
    longer assigned may have made the visit. The orphan checks against the parents
    (customer, prospect) are stg_crm__visits' job. -#}
{%- set raw = source('crm', 'visits') -%}
{%- set present = raw_table_present(raw) -%}
{%- set text_columns = raw_text_columns(raw) if present else [] -%}
{%- set raw_columns = ['visit_id', 'customer_id', 'prospect_id', 'manager_id', 'visit_date', 'channel',
    'summary'] -%}

with source as (

    select * from {{ raw_table_or_empty(raw) }}

),

cleaned as (

    select
        {{ clean_text('visit_id') }} as visit_id,
        {{ clean_text('customer_id') }} as customer_id,
        {{ clean_text('prospect_id') }} as prospect_id,
        {{ clean_text('manager_id') }} as manager_id,
        {{ typed_column('visit_date', 'date', text_columns) }} as visit_date,
        {{ clean_code('channel') }} as channel,
        {{ clean_text('summary') }} as summary, -- noqa: RF04
        {{ wrong_type_column([['visit_date', 'date']], text_columns) }} as wrong_type_column,
        {{ record_key([clean_text('visit_id')]) }} as record_key,
        {{ raw_row_text(raw_columns) }} as raw_row,
        {{ copy_number([clean_text('visit_id')], columns_as_text_order(raw_columns)) }} as copy_number
    from source

),

checked as (

    select
        *,
        {{ first_failing_check([
            ['null_primary_key', 'visit_id is null', "'visit_id is missing'"],
            ['duplicate_primary_key', 'copy_number > 1',
                "'an earlier copy of visit_id ' || visit_id || ' is kept'"],
            ['wrong_type', 'wrong_type_column is not null', "wrong_type_column || ' does not convert to its type'"],
            ['unknown_code', 'channel is null or channel not in ' ~ contract_code_list('visit_channel'),
                "'unknown channel: ' || coalesce(channel, 'NULL')"],
            ['impossible_date', is_too_early('visit_date'),
                "'visit_date is before " ~ var('earliest_valid_date') ~ "'"],
            ['orphan_foreign_key', '(customer_id is null) = (prospect_id is null)',
                "case when customer_id is null then 'neither customer_id nor prospect_id is set'"
                ~ " else 'both customer_id and prospect_id are set' end"],
        ]) }}
    from cleaned

)

select * from checked
