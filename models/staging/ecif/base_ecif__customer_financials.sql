{#- Raw ecif_customer_financials cast and trimmed, with each row's own rejection
    reason; zero revenue is kept and flagged. -#}
{%- set raw = source('ecif', 'customer_financials') -%}
{%- set text_columns = raw_text_columns(raw) -%}
{%- set raw_columns = [
    'customer_id', 'fiscal_year', 'report_date', 'annual_revenue_cny', 'total_assets_cny',
    'employee_count'] -%}
{%- set typed_columns = [
    ['fiscal_year', 'integer'], ['report_date', 'date'], ['annual_revenue_cny', 'decimal(20,2)'],
    ['total_assets_cny', 'decimal(20,2)'], ['employee_count', 'integer']] -%}
{%- set key_columns = [
    clean_text('customer_id'),
    typed_column('fiscal_year', 'integer', text_columns),
    typed_column('report_date', 'date', text_columns)] -%}

with source as (

    select * from {{ raw }}

),

cleaned as (

    select
        {{ clean_text('customer_id') }} as customer_id,
        {{ typed_column('fiscal_year', 'integer', text_columns) }} as fiscal_year,
        {{ typed_column('report_date', 'date', text_columns) }} as report_date,
        {{ typed_column('annual_revenue_cny', 'decimal(20,2)', text_columns) }} as annual_revenue_cny,
        {{ typed_column('total_assets_cny', 'decimal(20,2)', text_columns) }} as total_assets_cny,
        {{ typed_column('employee_count', 'integer', text_columns) }} as employee_count,
        {{ wrong_type_column(typed_columns, text_columns) }} as wrong_type_column,
        {{ record_key(key_columns, ['customer_id', 'fiscal_year', 'report_date']) }} as record_key,
        {{ raw_row_text(raw_columns) }} as raw_row,
        {{ any_missing(['customer_id', 'fiscal_year', 'report_date'], text_columns) }} as is_key_missing,
        {{ copy_number(key_columns, columns_as_text_order(raw_columns)) }} as copy_number
    from source

),

checked as (

    select
        *,
        {{ first_failing_check([
            ['null_primary_key', 'is_key_missing',
                "'a primary-key column (customer_id, fiscal_year, report_date) is missing or unreadable'"],
            ['duplicate_primary_key', 'copy_number > 1 and fiscal_year is not null and report_date is not null',
                "'an earlier copy of this statement is kept'"],
            ['wrong_type', 'wrong_type_column is not null',
                "wrong_type_column || ' does not convert to its type'"],
            implausible_amount_check([['annual_revenue_cny', 'annual_revenue_cny'], ['total_assets_cny', 'total_assets_cny']]),
            ['impossible_date', is_too_early('report_date'),
                "'report_date is before " ~ var('earliest_valid_date') ~ "'"],
        ]) }},
        {{ dq_flags([['zero_revenue', 'annual_revenue_cny = 0']]) }} as dq_flags
    from cleaned

)

select * from checked
