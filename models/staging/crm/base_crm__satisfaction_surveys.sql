{#- Raw crm_satisfaction_surveys cast, with each row's own rejection reason; a score
    outside 0-100 is kept (clamped downstream) and flagged. The orphan check
    (customer) is stg_crm__satisfaction_surveys' job. -#}
{%- set raw = source('crm', 'satisfaction_surveys') -%}
{%- set text_columns = raw_text_columns(raw) -%}
{%- set raw_columns = ['survey_id', 'customer_id', 'survey_date', 'score'] -%}

with source as (

    select * from {{ raw }}

),

cleaned as (

    select
        {{ clean_text('survey_id') }} as survey_id,
        {{ clean_text('customer_id') }} as customer_id,
        {{ typed_column('survey_date', 'date', text_columns) }} as survey_date,
        {{ typed_column('score', 'decimal(5,2)', text_columns) }} as score,
        {{ wrong_type_column([['survey_date', 'date'], ['score', 'decimal(5,2)']], text_columns) }}
            as wrong_type_column,
        {{ record_key([clean_text('survey_id')]) }} as record_key,
        {{ raw_row_text(raw_columns) }} as raw_row,
        {{ copy_number([clean_text('survey_id')], columns_as_text_order(raw_columns)) }} as copy_number
    from source

),

checked as (

    select
        *,
        {{ first_failing_check([
            ['null_primary_key', 'survey_id is null', "'survey_id is missing'"],
            ['duplicate_primary_key', 'copy_number > 1',
                "'an earlier copy of survey_id ' || survey_id || ' is kept'"],
            ['wrong_type', 'wrong_type_column is not null', "wrong_type_column || ' does not convert to its type'"],
            ['impossible_date', is_too_early('survey_date'),
                "'survey_date is before " ~ var('earliest_valid_date') ~ "'"],
        ]) }},
        {{ dq_flags([['survey_score_clamped', 'score < 0 or score > 100']]) }} as dq_flags
    from cleaned

)

select * from checked
