{#- Raw crm_customer_managers cast and normalised, with each row's own rejection reason.
    An optional raw table: when the bank has none, the model reads a typed empty table
    (raw_table_or_empty) and is empty. A row must name exactly one party, a customer or
    a prospect; one naming both or neither has no single parent and is rejected as
    orphan_foreign_key, the last check. The orphan checks against the parents
    (customer, prospect, branch) are stg_crm__customer_managers' job. -#}
{%- set raw = source('crm', 'customer_managers') -%}
{%- set present = raw_table_present(raw) -%}
{%- set text_columns = raw_text_columns(raw) if present else [] -%}
{%- set raw_columns = ['assignment_id', 'customer_id', 'prospect_id', 'manager_id', 'manager_name',
    'branch_id', 'manager_role', 'valid_from', 'valid_to'] -%}

with source as (

    select * from {{ raw_table_or_empty(raw) }}

),

cleaned as (

    select
        {{ clean_text('assignment_id') }} as assignment_id,
        {{ clean_text('customer_id') }} as customer_id,
        {{ clean_text('prospect_id') }} as prospect_id,
        {{ clean_text('manager_id') }} as manager_id,
        {{ clean_text('manager_name') }} as manager_name,
        {{ clean_text('branch_id') }} as branch_id,
        {{ clean_code('manager_role') }} as manager_role,
        {{ typed_column('valid_from', 'date', text_columns) }} as valid_from,
        {{ typed_column('valid_to', 'date', text_columns) }} as valid_to,
        {{ wrong_type_column([['valid_from', 'date'], ['valid_to', 'date']], text_columns) }}
            as wrong_type_column,
        {{ record_key([clean_text('assignment_id')]) }} as record_key,
        {{ raw_row_text(raw_columns, masked=['manager_name']) }} as raw_row,
        {{ copy_number([clean_text('assignment_id')], columns_as_text_order(raw_columns)) }} as copy_number
    from source

),

checked as (

    select
        *,
        {{ first_failing_check([
            ['null_primary_key', 'assignment_id is null', "'assignment_id is missing'"],
            ['duplicate_primary_key', 'copy_number > 1',
                "'an earlier copy of assignment_id ' || assignment_id || ' is kept'"],
            ['wrong_type', 'wrong_type_column is not null', "wrong_type_column || ' does not convert to its type'"],
            ['unknown_code', 'manager_role is null or manager_role not in ' ~ contract_code_list('manager_role'),
                "'unknown manager_role: ' || coalesce(manager_role, 'NULL')"],
            ['impossible_date', is_too_early('valid_from') ~ ' or ' ~ is_too_early('valid_to'),
                "'a date before " ~ var('earliest_valid_date') ~ "'"],
            ['impossible_date', 'valid_to < valid_from',
                "'valid_to ' || cast(valid_to as " ~ dbt.type_string() ~ ") || ' is before valid_from'"],
            ['orphan_foreign_key', '(customer_id is null) = (prospect_id is null)',
                "case when customer_id is null then 'neither customer_id nor prospect_id is set'"
                ~ " else 'both customer_id and prospect_id are set' end"],
        ]) }}
    from cleaned

)

select * from checked
