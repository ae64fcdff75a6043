{#- Raw bureau_credit_summary cast, with each row's own rejection reason. The orphan
    check (customer) is stg_bureau__credit_summary's job. -#}
{%- set raw = source('bureau', 'credit_summary') -%}
{%- set text_columns = raw_text_columns(raw) -%}
{%- set raw_columns = ['customer_id', 'report_month', 'total_credit_balance_cny'] -%}
{%- set key_columns = [clean_text('customer_id'), typed_column('report_month', 'date', text_columns)] -%}

with source as (

    select * from {{ raw }}

),

cleaned as (

    select
        {{ clean_text('customer_id') }} as customer_id,
        {{ typed_column('report_month', 'date', text_columns) }} as report_month,
        {{ typed_column('total_credit_balance_cny', 'decimal(20,2)', text_columns) }} as total_credit_balance_cny,
        {{ wrong_type_column([['report_month', 'date'], ['total_credit_balance_cny', 'decimal(20,2)']], text_columns) }}
            as wrong_type_column,
        {{ record_key(key_columns, ['customer_id', 'report_month']) }} as record_key,
        {{ raw_row_text(raw_columns) }} as raw_row,
        {{ any_missing(['customer_id', 'report_month'], text_columns) }} as is_key_missing,
        {{ copy_number(key_columns, columns_as_text_order(raw_columns)) }} as copy_number
    from source

),

checked as (

    select
        *,
        {{ first_failing_check([
            ['null_primary_key', 'is_key_missing',
                "'a primary-key column (customer_id, report_month) is missing'"],
            ['duplicate_primary_key', 'copy_number > 1 and report_month is not null',
                "'an earlier copy of this bureau month is kept'"],
            ['wrong_type', 'wrong_type_column is not null', "wrong_type_column || ' does not convert to its type'"],
            implausible_amount_check([['total_credit_balance_cny', 'total_credit_balance_cny']]),
            ['impossible_date', is_too_early('report_month'),
                "'report_month is before " ~ var('earliest_valid_date') ~ "'"],
        ]) }}
    from cleaned

)

select * from checked
