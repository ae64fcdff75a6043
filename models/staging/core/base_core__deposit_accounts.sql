{#- Raw core_deposit_accounts cast and normalised, with each row's own rejection
    reason. The orphan checks (customer, product) are stg_core__deposit_accounts' job. -#}
{%- set raw = source('core', 'deposit_accounts') -%}
{%- set text_columns = raw_text_columns(raw) -%}
{%- set raw_columns = [
    'account_id', 'customer_id', 'account_nature', 'product_code', 'currency', 'customer_rate',
    'ftp_rate', 'open_date', 'close_date'] -%}
{%- set typed_columns = [
    ['customer_rate', 'decimal(9,6)'], ['ftp_rate', 'decimal(9,6)'], ['open_date', 'date'],
    ['close_date', 'date']] -%}

with source as (

    select * from {{ raw }}

),

account_natures as (

    select account_nature from {{ ref('account_natures') }}

),

cleaned as (

    select
        {{ clean_text('account_id') }} as account_id,
        {{ clean_text('customer_id') }} as customer_id,
        {{ clean_code('account_nature') }} as account_nature,
        {{ clean_code('product_code') }} as product_code,
        {{ clean_upper('currency') }} as currency,
        {{ typed_column('customer_rate', 'decimal(9,6)', text_columns) }} as customer_rate,
        {{ typed_column('ftp_rate', 'decimal(9,6)', text_columns) }} as ftp_rate,
        {{ typed_column('open_date', 'date', text_columns) }} as open_date,
        {{ typed_column('close_date', 'date', text_columns) }} as close_date,
        {{ wrong_type_column(typed_columns, text_columns) }} as wrong_type_column,
        {{ record_key([clean_text('account_id')]) }} as record_key,
        {{ raw_row_text(raw_columns) }} as raw_row,
        {{ copy_number([clean_text('account_id')], columns_as_text_order(raw_columns)) }} as copy_number
    from source

),

checked as (

    select
        cleaned.*,
        {{ first_failing_check([
            ['null_primary_key', 'cleaned.account_id is null', "'account_id is missing'"],
            ['duplicate_primary_key', 'copy_number > 1',
                "'an earlier copy of account_id ' || cleaned.account_id || ' is kept'"],
            ['wrong_type', 'wrong_type_column is not null', "wrong_type_column || ' does not convert to its type'"],
            ['unknown_code', 'account_natures.account_nature is null',
                "'unknown account_nature: ' || coalesce(cleaned.account_nature, 'NULL')"],
            ['impossible_date', is_too_early('open_date') ~ ' or ' ~ is_too_early('close_date'),
                "'a date before " ~ var('earliest_valid_date') ~ "'"],
            ['impossible_date', 'close_date < open_date',
                "'close_date ' || cast(close_date as " ~ dbt.type_string() ~ ") || ' is before open_date'"],
        ]) }}
    from cleaned
    left join account_natures
        on cleaned.account_nature = account_natures.account_nature

)

select * from checked
