{#- Raw core_deposit_balances cast, with each row's own rejection reason. The orphan
    check (account) is stg_core__deposit_balances' job. -#}
{#- A big daily table: stored once, by day, so stg_, rej_ and the tests never re-read the
    raw rows, and a nightly run re-reads only the recent days (macros/staging/reprocessed_days.sql). -#}
{{ config(
    materialized='incremental',
    unique_key='partition_date',
    partition_by=['partition_date']
) }}
{%- set raw = source('core', 'deposit_balances') -%}
{%- set text_columns = raw_text_columns(raw) -%}
{%- set raw_columns = ['account_id', 'balance_date', 'balance'] -%}
{%- set key_columns = [clean_text('account_id'), typed_column('balance_date', 'date', text_columns)] -%}
{%- set since = reprocess_from() %}

with source as (

    select * from {{ raw }}
    where {{ in_reprocessed_days(typed_column('balance_date', 'date', text_columns), since, parts_of=raw) }}

),

counted as (

    select
        source.*,
        {{ key_copies(key_columns) }} as key_copies
    from source

),

numbered as (

    {{ numbered_copies('counted', key_columns, columns_as_text_order(raw_columns)) | indent(4) }}

),

cleaned as (

    select
        numbered.*,
        {{ clean_text('account_id') }} as clean_account_id,
        {{ typed_column('balance_date', 'date', text_columns) }} as clean_balance_date,
        {{ typed_column('balance', 'decimal(20,2)', text_columns) }} as clean_balance,
        {{ wrong_type_column([['balance_date', 'date'], ['balance', 'decimal(20,2)']], text_columns) }}
            as wrong_type_column,
        {{ any_missing(['account_id', 'balance_date'], text_columns) }} as is_key_missing
    from numbered

),

checked as (

    select
        cleaned.*,
        {{ first_failing_check([
            ['null_primary_key', 'is_key_missing',
                "'a primary-key column (account_id, balance_date) is missing or unreadable'"],
            ['duplicate_primary_key', 'copy_number > 1 and clean_balance_date is not null',
                "'an earlier copy of this balance is kept'"],
            ['wrong_type', 'wrong_type_column is not null', "wrong_type_column || ' does not convert to its type'"],
            implausible_amount_check([['balance', 'clean_balance']]),
            ['impossible_date', is_too_early('clean_balance_date'),
                "'balance_date is before " ~ var('earliest_valid_date') ~ "'"],
            ['negative_balance', 'clean_balance < 0', "'a deposit balance cannot be negative'"],
        ]) }}
    from cleaned

),

final as (

    select
        clean_account_id as account_id,
        clean_balance_date as balance_date,
        clean_balance as balance,
        wrong_type_column,
        {#- the texts of a row rejected here only, built from its raw values: an accepted
            row that turns out an orphan gets them from its clean values in
            rej_core__deposit_balances (writing them for every row would double the cost) -#}
        case when reason_code is not null then {{ record_key(key_columns, ['account_id', 'balance_date']) }} end
            as record_key,
        case when reason_code is not null then {{ raw_row_text(raw_columns) }} end as raw_row,
        is_key_missing,
        copy_number,
        reason_code,
        reason,
        {{ day_partition('clean_balance_date') }} as partition_date
    from checked

)

select * from final
