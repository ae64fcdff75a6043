{#- Raw credit_ratings cast and normalised, with each row's own rejection reason.
    Ratings are matched to the rating-scale seed case-insensitively and carry the
    seed's spelling. The orphan check (customer) is stg_credit__ratings' job. -#}
{%- set raw = source('credit', 'ratings') -%}
{%- set text_columns = raw_text_columns(raw) -%}
{%- set raw_columns = ['customer_id', 'rating_date', 'rating'] -%}
{%- set key_columns = [clean_text('customer_id'), typed_column('rating_date', 'date', text_columns)] -%}

with source as (

    select * from {{ raw }}

),

rating_scale as (

    select rating from {{ ref('rating_scale') }}

),

cleaned as (

    select
        {{ clean_text('customer_id') }} as customer_id,
        {{ typed_column('rating_date', 'date', text_columns) }} as rating_date,
        {{ clean_code('rating') }} as rating_code,
        {{ wrong_type_column([['rating_date', 'date']], text_columns) }} as wrong_type_column,
        {{ record_key(key_columns, ['customer_id', 'rating_date']) }} as record_key,
        {{ raw_row_text(raw_columns) }} as raw_row,
        {{ any_missing(['customer_id', 'rating_date'], text_columns) }} as is_key_missing,
        {{ copy_number(key_columns, columns_as_text_order(raw_columns)) }} as copy_number
    from source

),

checked as (

    select
        cleaned.customer_id,
        cleaned.rating_date,
        rating_scale.rating,
        cleaned.rating_code,
        cleaned.wrong_type_column,
        cleaned.record_key,
        cleaned.raw_row,
        cleaned.is_key_missing,
        cleaned.copy_number,
        {{ first_failing_check([
            ['null_primary_key', 'is_key_missing',
                "'a primary-key column (customer_id, rating_date) is missing'"],
            ['duplicate_primary_key', 'copy_number > 1 and rating_date is not null',
                "'an earlier copy of this rating is kept'"],
            ['wrong_type', 'wrong_type_column is not null', "wrong_type_column || ' does not convert to its type'"],
            ['unknown_code', 'rating_scale.rating is null',
                "'unknown rating: ' || coalesce(cleaned.rating_code, 'NULL')"],
            ['impossible_date', is_too_early('rating_date'),
                "'rating_date is before " ~ var('earliest_valid_date') ~ "'"],
        ]) }}
    from cleaned
    left join rating_scale
        on cleaned.rating_code = lower(rating_scale.rating)
        -- the `unrated` row of the seed is the PD of customers without a rating, not a grade
        and lower(rating_scale.rating) <> 'unrated'

)

select * from checked
