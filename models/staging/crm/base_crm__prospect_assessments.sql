{#- Raw crm_prospect_assessments cast, with each row's own rejection reason. The
    orphan check (prospect) is stg_crm__prospect_assessments' job. -#}
{%- set raw = source('crm', 'prospect_assessments') -%}
{%- set text_columns = raw_text_columns(raw) -%}
{%- set score_columns = [
    'market_influence_score', 'chain_influence_score', 'product_fit_score',
    'marketing_feasibility_score', 'product_advantage_score', 'service_convenience_score'] -%}
{%- set raw_columns = ['prospect_id', 'assessed_date'] + score_columns -%}
{%- set typed_columns = [['assessed_date', 'date']] -%}
{%- for column in score_columns -%}
    {%- do typed_columns.append([column, 'decimal(5,2)']) -%}
{%- endfor -%}
{%- set key_columns = [clean_text('prospect_id'), typed_column('assessed_date', 'date', text_columns)] -%}

with source as (

    select * from {{ raw }}

),

cleaned as (

    select
        {{ clean_text('prospect_id') }} as prospect_id,
        {{ typed_column('assessed_date', 'date', text_columns) }} as assessed_date,
        {% for column in score_columns -%}
            {{ typed_column(column, 'decimal(5,2)', text_columns) }} as {{ column }},
        {% endfor -%}
        {{ wrong_type_column(typed_columns, text_columns) }} as wrong_type_column,
        {{ record_key(key_columns, ['prospect_id', 'assessed_date']) }} as record_key,
        {{ raw_row_text(raw_columns) }} as raw_row,
        {{ any_missing(['prospect_id', 'assessed_date'], text_columns) }} as is_key_missing,
        {{ copy_number(key_columns, columns_as_text_order(raw_columns)) }} as copy_number
    from source

),

checked as (

    select
        *,
        {{ first_failing_check([
            ['null_primary_key', 'is_key_missing',
                "'a primary-key column (prospect_id, assessed_date) is missing'"],
            ['duplicate_primary_key', 'copy_number > 1 and assessed_date is not null',
                "'an earlier copy of this assessment is kept'"],
            ['wrong_type', 'wrong_type_column is not null', "wrong_type_column || ' does not convert to its type'"],
            ['impossible_date', is_too_early('assessed_date'),
                "'assessed_date is before " ~ var('earliest_valid_date') ~ "'"],
        ]) }}
    from cleaned

)

select * from checked
