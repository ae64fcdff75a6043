{#- Raw credit_loan_balances cast and normalised, with each row's own rejection
    reason; a negative balance is kept and flagged. The orphan check (loan) is
    stg_credit__loan_balances' job. -#}
{#- A big daily table: stored once, by day, so stg_, rej_ and the tests never re-read the
    raw rows, and a nightly run re-reads only the recent days (macros/staging/reprocessed_days.sql). -#}
{{ config(
    materialized='incremental',
    unique_key='partition_date',
    partition_by=['partition_date']
) }}
{%- set raw = source('credit', 'loan_balances') -%}
{%- set text_columns = raw_text_columns(raw) -%}
{%- set raw_columns = ['loan_id', 'balance_date', 'outstanding_balance', 'five_category'] -%}
{%- set key_columns = [clean_text('loan_id'), typed_column('balance_date', 'date', text_columns)] -%}
{%- set since = reprocess_from() %}

with source as (

    select * from {{ raw }}
    where {{ in_reprocessed_days(typed_column('balance_date', 'date', text_columns), since, parts_of=raw) }}

),

five_categories as (

    select five_category from {{ ref('five_category_scores') }}

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
        {{ clean_text('loan_id') }} as clean_loan_id,
        {{ typed_column('balance_date', 'date', text_columns) }} as clean_balance_date,
        {{ typed_column('outstanding_balance', 'decimal(20,2)', text_columns) }} as clean_outstanding_balance,
        {{ clean_code('five_category') }} as clean_five_category,
        {{ wrong_type_column([['balance_date', 'date'], ['outstanding_balance', 'decimal(20,2)']], text_columns) }}
            as wrong_type_column,
        {{ any_missing(['loan_id', 'balance_date'], text_columns) }} as is_key_missing
    from numbered

),

checked as (

    select
        cleaned.*,
        {{ first_failing_check([
            ['null_primary_key', 'is_key_missing',
                "'a primary-key column (loan_id, balance_date) is missing'"],
            ['duplicate_primary_key', 'copy_number > 1 and clean_balance_date is not null',
                "'an earlier copy of this balance is kept'"],
            ['wrong_type', 'wrong_type_column is not null', "wrong_type_column || ' does not convert to its type'"],
            implausible_amount_check([['outstanding_balance', 'cleaned.clean_outstanding_balance']]),
            ['unknown_code', 'five_categories.five_category is null',
                "'unknown five_category: ' || coalesce(clean_five_category, 'NULL')"],
            ['impossible_date', is_too_early('clean_balance_date'),
                "'balance_date is before " ~ var('earliest_valid_date') ~ "'"],
        ]) }},
        {{ dq_flags([['negative_credit_balance', 'clean_outstanding_balance < 0']]) }} as dq_flags
    from cleaned
    left join five_categories
        on cleaned.clean_five_category = five_categories.five_category

),

final as (

    select
        clean_loan_id as loan_id,
        clean_balance_date as balance_date,
        clean_outstanding_balance as outstanding_balance,
        clean_five_category as five_category,
        wrong_type_column,
        {#- the texts of a row rejected here only, built from its raw values: an accepted
            row that turns out an orphan gets them from its clean values in
            rej_credit__loan_balances (writing them for every row would double the cost) -#}
        case when reason_code is not null then {{ record_key(key_columns, ['loan_id', 'balance_date']) }} end
            as record_key,
        case when reason_code is not null then {{ raw_row_text(raw_columns) }} end as raw_row,
        is_key_missing,
        copy_number,
        reason_code,
        reason,
        dq_flags,
        {{ day_partition('clean_balance_date') }} as partition_date
    from checked

)

select * from final
