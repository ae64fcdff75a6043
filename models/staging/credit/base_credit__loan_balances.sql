{#- Raw credit_loan_balances cast and normalised, with each row's own rejection
    reason; a negative balance is kept and flagged. The orphan check (loan) is
    stg_credit__loan_balances' job. -#}
{%- set raw = source('credit', 'loan_balances') -%}
{%- set text_columns = raw_text_columns(raw) -%}
{%- set raw_columns = ['loan_id', 'balance_date', 'outstanding_balance', 'five_category'] -%}
{%- set key_columns = [clean_text('loan_id'), typed_column('balance_date', 'date', text_columns)] -%}

with source as (

    select * from {{ raw }}

),

five_categories as (

    select five_category from {{ ref('five_category_scores') }}

),

cleaned as (

    select
        {{ clean_text('loan_id') }} as loan_id,
        {{ typed_column('balance_date', 'date', text_columns) }} as balance_date,
        {{ typed_column('outstanding_balance', 'decimal(20,2)', text_columns) }} as outstanding_balance,
        {{ clean_code('five_category') }} as five_category,
        {{ wrong_type_column([['balance_date', 'date'], ['outstanding_balance', 'decimal(20,2)']], text_columns) }}
            as wrong_type_column,
        {{ record_key(key_columns, ['loan_id', 'balance_date']) }} as record_key,
        {{ raw_row_text(raw_columns) }} as raw_row,
        {{ any_missing(['loan_id', 'balance_date'], text_columns) }} as is_key_missing,
        {{ copy_number(key_columns, columns_as_text_order(raw_columns)) }} as copy_number
    from source

),

checked as (

    select
        cleaned.*,
        {{ first_failing_check([
            ['null_primary_key', 'is_key_missing',
                "'a primary-key column (loan_id, balance_date) is missing'"],
            ['duplicate_primary_key', 'copy_number > 1 and balance_date is not null',
                "'an earlier copy of this balance is kept'"],
            ['wrong_type', 'wrong_type_column is not null', "wrong_type_column || ' does not convert to its type'"],
            ['unknown_code', 'five_categories.five_category is null',
                "'unknown five_category: ' || coalesce(cleaned.five_category, 'NULL')"],
            ['impossible_date', is_too_early('balance_date'),
                "'balance_date is before " ~ var('earliest_valid_date') ~ "'"],
        ]) }},
        {{ dq_flags([['negative_credit_balance', 'outstanding_balance < 0']]) }} as dq_flags
    from cleaned
    left join five_categories
        on cleaned.five_category = five_categories.five_category

)

select * from checked
