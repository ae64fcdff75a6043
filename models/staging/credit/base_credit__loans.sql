{#- Raw credit_loans cast and normalised, with each row's own rejection reason. The
    orphan checks (customer, product) are stg_credit__loans' job. -#}
{%- set raw = source('credit', 'loans') -%}
{%- set text_columns = raw_text_columns(raw) -%}
{%- set raw_columns = [
    'loan_id', 'customer_id', 'product_code', 'exposure_type', 'currency', 'contract_amount',
    'customer_rate', 'ftp_rate', 'start_date', 'maturity_date'] -%}
{%- set typed_columns = [
    ['contract_amount', 'decimal(20,2)'], ['customer_rate', 'decimal(9,6)'],
    ['ftp_rate', 'decimal(9,6)'], ['start_date', 'date'], ['maturity_date', 'date']] -%}

with source as (

    select * from {{ raw }}

),

cleaned as (

    select
        {{ clean_text('loan_id') }} as loan_id,
        {{ clean_text('customer_id') }} as customer_id,
        {{ clean_code('product_code') }} as product_code,
        {{ clean_code('exposure_type') }} as exposure_type,
        {{ clean_upper('currency') }} as currency,
        {{ typed_column('contract_amount', 'decimal(20,2)', text_columns) }} as contract_amount,
        {{ typed_column('customer_rate', 'decimal(9,6)', text_columns) }} as customer_rate,
        {{ typed_column('ftp_rate', 'decimal(9,6)', text_columns) }} as ftp_rate,
        {{ typed_column('start_date', 'date', text_columns) }} as start_date,
        {{ typed_column('maturity_date', 'date', text_columns) }} as maturity_date,
        {{ wrong_type_column(typed_columns, text_columns) }} as wrong_type_column,
        {{ record_key([clean_text('loan_id')]) }} as record_key,
        {{ raw_row_text(raw_columns) }} as raw_row,
        {{ copy_number([clean_text('loan_id')], columns_as_text_order(raw_columns)) }} as copy_number
    from source

),

checked as (

    select
        *,
        {{ first_failing_check([
            ['null_primary_key', 'loan_id is null', "'loan_id is missing'"],
            ['duplicate_primary_key', 'copy_number > 1',
                "'an earlier copy of loan_id ' || loan_id || ' is kept'"],
            ['wrong_type', 'wrong_type_column is not null', "wrong_type_column || ' does not convert to its type'"],
            implausible_amount_check([['contract_amount', 'contract_amount']]),
            ['unknown_code', 'exposure_type is null or exposure_type not in ' ~ contract_code_list('exposure_type'),
                "'unknown exposure_type: ' || coalesce(exposure_type, 'NULL')"],
            ['impossible_date', is_too_early('start_date') ~ ' or ' ~ is_too_early('maturity_date'),
                "'a date before " ~ var('earliest_valid_date') ~ "'"],
            ['impossible_date', 'maturity_date < start_date',
                "'maturity_date ' || cast(maturity_date as " ~ dbt.type_string() ~ ") || ' is before start_date'"],
        ]) }}
    from cleaned

)

select * from checked
