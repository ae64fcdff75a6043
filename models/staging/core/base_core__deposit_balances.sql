{#- Raw core_deposit_balances cast, with each row's own rejection reason. The orphan
    check (account) is stg_core__deposit_balances' job. -#}
{%- set raw = source('core', 'deposit_balances') -%}
{%- set text_columns = raw_text_columns(raw) -%}
{%- set raw_columns = ['account_id', 'balance_date', 'balance'] -%}
{%- set key_columns = [clean_text('account_id'), typed_column('balance_date', 'date', text_columns)] -%}

with source as (

    select * from {{ raw }}

),

cleaned as (

    select
        {{ clean_text('account_id') }} as account_id,
        {{ typed_column('balance_date', 'date', text_columns) }} as balance_date,
        {{ typed_column('balance', 'decimal(20,2)', text_columns) }} as balance,
        {{ wrong_type_column([['balance_date', 'date'], ['balance', 'decimal(20,2)']], text_columns) }}
            as wrong_type_column,
        {{ record_key(key_columns, ['account_id', 'balance_date']) }} as record_key,
        {{ raw_row_text(raw_columns) }} as raw_row,
        {{ any_missing(['account_id', 'balance_date'], text_columns) }} as is_key_missing,
        {{ copy_number(key_columns, columns_as_text_order(raw_columns)) }} as copy_number
    from source

),

checked as (

    select
        *,
        {{ first_failing_check([
            ['null_primary_key', 'is_key_missing',
                "'a primary-key column (account_id, balance_date) is missing or unreadable'"],
            ['duplicate_primary_key', 'copy_number > 1 and balance_date is not null', "'an earlier copy of this balance is kept'"],
            ['wrong_type', 'wrong_type_column is not null', "wrong_type_column || ' does not convert to its type'"],
            ['impossible_date', is_too_early('balance_date'),
                "'balance_date is before " ~ var('earliest_valid_date') ~ "'"],
            ['negative_balance', 'balance < 0', "'a deposit balance cannot be negative'"],
        ]) }}
    from cleaned

)

select * from checked
