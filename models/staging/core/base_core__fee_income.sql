{#- Raw core_fee_income cast and normalised, with each row's own rejection reason.
    The orphan checks (customer, product) are stg_core__fee_income's job. -#}
{%- set raw = source('core', 'fee_income') -%}
{%- set text_columns = raw_text_columns(raw) -%}
{%- set raw_columns = ['fee_id', 'customer_id', 'fee_date', 'product_code', 'amount_cny'] -%}

with source as (

    select * from {{ raw }}

),

cleaned as (

    select
        {{ clean_text('fee_id') }} as fee_id,
        {{ clean_text('customer_id') }} as customer_id,
        {{ typed_column('fee_date', 'date', text_columns) }} as fee_date,
        {{ clean_code('product_code') }} as product_code,
        {{ typed_column('amount_cny', 'decimal(20,2)', text_columns) }} as amount_cny,
        {{ wrong_type_column([['fee_date', 'date'], ['amount_cny', 'decimal(20,2)']], text_columns) }}
            as wrong_type_column,
        {{ record_key([clean_text('fee_id')]) }} as record_key,
        {{ raw_row_text(raw_columns) }} as raw_row,
        {{ copy_number([clean_text('fee_id')], columns_as_text_order(raw_columns)) }} as copy_number
    from source

),

checked as (

    select
        *,
        {{ first_failing_check([
            ['null_primary_key', 'fee_id is null', "'fee_id is missing'"],
            ['duplicate_primary_key', 'copy_number > 1',
                "'an earlier copy of fee_id ' || fee_id || ' is kept'"],
            ['wrong_type', 'wrong_type_column is not null', "wrong_type_column || ' does not convert to its type'"],
            implausible_amount_check([['amount_cny', 'amount_cny']]),
            ['impossible_date', is_too_early('fee_date'),
                "'fee_date is before " ~ var('earliest_valid_date') ~ "'"],
        ]) }}
    from cleaned

)

select * from checked
