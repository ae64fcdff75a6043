{#- Raw crm_agreements cast and normalised, with each row's own rejection reason. The
    orphan check (customer) is stg_crm__agreements' job. -#}
{%- set raw = source('crm', 'agreements') -%}
{%- set text_columns = raw_text_columns(raw) -%}
{%- set raw_columns = ['agreement_id', 'customer_id', 'agreement_type', 'sign_date', 'expiry_date'] -%}

with source as (

    select * from {{ raw }}

),

agreement_types as (

    select agreement_type from {{ ref('agreement_points') }}

),

cleaned as (

    select
        {{ clean_text('agreement_id') }} as agreement_id,
        {{ clean_text('customer_id') }} as customer_id,
        {{ clean_code('agreement_type') }} as agreement_type,
        {{ typed_column('sign_date', 'date', text_columns) }} as sign_date,
        {{ typed_column('expiry_date', 'date', text_columns) }} as expiry_date,
        {{ wrong_type_column([['sign_date', 'date'], ['expiry_date', 'date']], text_columns) }}
            as wrong_type_column,
        {{ record_key([clean_text('agreement_id')]) }} as record_key,
        {{ raw_row_text(raw_columns) }} as raw_row,
        {{ copy_number([clean_text('agreement_id')], columns_as_text_order(raw_columns)) }} as copy_number
    from source

),

checked as (

    select
        cleaned.*,
        {{ first_failing_check([
            ['null_primary_key', 'agreement_id is null', "'agreement_id is missing'"],
            ['duplicate_primary_key', 'copy_number > 1',
                "'an earlier copy of agreement_id ' || agreement_id || ' is kept'"],
            ['wrong_type', 'wrong_type_column is not null', "wrong_type_column || ' does not convert to its type'"],
            ['unknown_code', 'agreement_types.agreement_type is null',
                "'unknown agreement_type: ' || coalesce(cleaned.agreement_type, 'NULL')"],
            ['impossible_date', is_too_early('sign_date') ~ ' or ' ~ is_too_early('expiry_date'),
                "'a date before " ~ var('earliest_valid_date') ~ "'"],
            ['impossible_date', 'expiry_date < sign_date',
                "'expiry_date ' || cast(expiry_date as " ~ dbt.type_string() ~ ") || ' is before sign_date'"],
        ]) }}
    from cleaned
    left join agreement_types
        on cleaned.agreement_type = agreement_types.agreement_type

)

select * from checked
