{#- Raw ecif_customers cast, trimmed and normalised, with each row's own rejection
    reason. The orphan check (branch) is stg_ecif__customers' job. -#}
{%- set raw = source('ecif', 'customers') -%}
{%- set text_columns = raw_text_columns(raw) -%}
{%- set raw_columns = [
    'customer_id', 'customer_name', 'uscc', 'customer_kind', 'industry_code', 'branch_id',
    'group_id', 'relationship_start_date', 'status', 'closed_date', 'is_cross_border',
    'executive_is_bank_vip', 'updated_at'] -%}
{%- set typed_columns = [
    ['relationship_start_date', 'date'], ['closed_date', 'date'],
    ['is_cross_border', 'boolean'], ['executive_is_bank_vip', 'boolean'],
    ['updated_at', 'timestamp']] -%}

with source as (

    select * from {{ raw }}

),

cleaned as (

    select
        {{ clean_text('customer_id') }} as customer_id,
        {{ clean_text('customer_name') }} as customer_name,
        {{ clean_upper('uscc') }} as uscc,
        {{ clean_code('customer_kind') }} as customer_kind,
        {{ clean_upper('industry_code') }} as industry_code,
        {{ clean_text('branch_id') }} as branch_id,
        {{ clean_text('group_id') }} as group_id,
        {{ typed_column('relationship_start_date', 'date', text_columns) }} as relationship_start_date,
        {{ clean_code('status') }} as status,
        {{ typed_column('closed_date', 'date', text_columns) }} as closed_date,
        {{ typed_column('is_cross_border', 'boolean', text_columns) }} as is_cross_border,
        {{ typed_column('executive_is_bank_vip', 'boolean', text_columns) }} as executive_is_bank_vip,
        {{ typed_column('updated_at', 'timestamp', text_columns) }} as updated_at,
        {{ wrong_type_column(typed_columns, text_columns) }} as wrong_type_column,
        {{ record_key([clean_text('customer_id')]) }} as record_key,
        {{ raw_row_text(raw_columns, masked=['customer_name', 'uscc']) }} as raw_row,
        -- copies of a key: the latest updated_at survives (docs/segmentation_rules.md §13.17)
        {{ copy_number(
            [clean_text('customer_id')],
            [typed_column('updated_at', 'timestamp', text_columns) ~ ' desc nulls last']
            + columns_as_text_order(raw_columns)) }} as copy_number
    from source

),

checked as (

    select
        *,
        {{ first_failing_check([
            ['null_primary_key', 'customer_id is null',
                "'customer_id is missing'"],
            ['duplicate_primary_key', 'copy_number > 1',
                "'another row of customer_id ' || customer_id || ' has a later updated_at'"],
            ['wrong_type', 'wrong_type_column is not null',
                "wrong_type_column || ' does not convert to its type'"],
            ['unknown_code', 'customer_kind is null or customer_kind not in ' ~ contract_code_list('customer_kind'),
                "'unknown customer_kind: ' || coalesce(customer_kind, 'NULL')"],
            ['unknown_code', 'status is null or status not in ' ~ contract_code_list('customer_status'),
                "'unknown status: ' || coalesce(status, 'NULL')"],
            ['impossible_date', is_too_early('relationship_start_date') ~ ' or ' ~ is_too_early('closed_date'),
                "'a date before " ~ var('earliest_valid_date') ~ "'"],
            ['impossible_date', 'closed_date < relationship_start_date',
                "'closed_date ' || cast(closed_date as " ~ dbt.type_string() ~ ") || ' is before relationship_start_date'"],
            ['closed_without_closed_date', "status = 'closed' and closed_date is null",
                "'status is closed but closed_date is missing'"],
        ]) }},
        {{ dq_flags([['invalid_uscc', 'not ' ~ uscc_is_valid('uscc')]]) }} as dq_flags
    from cleaned

)

select * from checked
