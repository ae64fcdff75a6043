{#- Raw crm_prospects cast and normalised, with each row's own rejection reason; a
    USCC that fails its check is kept and flagged. The orphan check (branch) is
    stg_crm__prospects' job. -#}
{%- set raw = source('crm', 'prospects') -%}
{%- set text_columns = raw_text_columns(raw) -%}
{%- set raw_columns = [
    'prospect_id', 'prospect_name', 'uscc', 'customer_kind', 'industry_code', 'branch_id',
    'group_id', 'annual_revenue_cny', 'total_assets_cny', 'employee_count',
    'revenue_growth_rate', 'created_date', 'status'] -%}
{%- set typed_columns = [
    ['annual_revenue_cny', 'decimal(20,2)'], ['total_assets_cny', 'decimal(20,2)'],
    ['employee_count', 'integer'], ['revenue_growth_rate', 'decimal(9,4)'], ['created_date', 'date']] -%}

with source as (

    select * from {{ raw }}

),

cleaned as (

    select
        {{ clean_text('prospect_id') }} as prospect_id,
        {{ clean_text('prospect_name') }} as prospect_name,
        {{ clean_upper('uscc') }} as uscc,
        {{ clean_code('customer_kind') }} as customer_kind,
        {{ clean_upper('industry_code') }} as industry_code,
        {{ clean_text('branch_id') }} as branch_id,
        {{ clean_text('group_id') }} as group_id,
        {{ typed_column('annual_revenue_cny', 'decimal(20,2)', text_columns) }} as annual_revenue_cny,
        {{ typed_column('total_assets_cny', 'decimal(20,2)', text_columns) }} as total_assets_cny,
        {{ typed_column('employee_count', 'integer', text_columns) }} as employee_count,
        {{ typed_column('revenue_growth_rate', 'decimal(9,4)', text_columns) }} as revenue_growth_rate,
        {{ typed_column('created_date', 'date', text_columns) }} as created_date,
        {{ clean_code('status') }} as status,
        {{ wrong_type_column(typed_columns, text_columns) }} as wrong_type_column,
        {{ record_key([clean_text('prospect_id')]) }} as record_key,
        {{ raw_row_text(raw_columns, masked=['prospect_name', 'uscc']) }} as raw_row,
        {{ copy_number([clean_text('prospect_id')], columns_as_text_order(raw_columns)) }} as copy_number
    from source

),

checked as (

    select
        *,
        {{ first_failing_check([
            ['null_primary_key', 'prospect_id is null', "'prospect_id is missing'"],
            ['duplicate_primary_key', 'copy_number > 1',
                "'an earlier copy of prospect_id ' || prospect_id || ' is kept'"],
            ['wrong_type', 'wrong_type_column is not null', "wrong_type_column || ' does not convert to its type'"],
            implausible_amount_check([['annual_revenue_cny', 'annual_revenue_cny'], ['total_assets_cny', 'total_assets_cny']]),
            ['unknown_code', 'customer_kind is null or customer_kind not in ' ~ contract_code_list('customer_kind'),
                "'unknown customer_kind: ' || coalesce(customer_kind, 'NULL')"],
            ['unknown_code', 'status is null or status not in ' ~ contract_code_list('prospect_status'),
                "'unknown status: ' || coalesce(status, 'NULL')"],
            ['impossible_date', is_too_early('created_date'),
                "'created_date is before " ~ var('earliest_valid_date') ~ "'"],
        ]) }},
        {{ dq_flags([['invalid_uscc', 'not ' ~ uscc_is_valid('uscc')]]) }} as dq_flags
    from cleaned

)

select * from checked
