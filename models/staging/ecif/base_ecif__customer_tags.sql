{#- Raw ecif_customer_tags cast and normalised, with each row's own rejection reason. -#}
{%- set raw = source('ecif', 'customer_tags') -%}
{%- set text_columns = raw_text_columns(raw) -%}
{%- set raw_columns = ['customer_id', 'tag', 'tagged_date'] -%}

with source as (

    select * from {{ raw }}

),

cleaned as (

    select
        {{ clean_text('customer_id') }} as customer_id,
        {{ clean_code('tag') }} as tag,
        {{ typed_column('tagged_date', 'date', text_columns) }} as tagged_date,
        {{ wrong_type_column([['tagged_date', 'date']], text_columns) }} as wrong_type_column,
        {{ record_key([clean_text('customer_id'), clean_code('tag')]) }} as record_key,
        {{ raw_row_text(raw_columns) }} as raw_row,
        {{ copy_number([clean_text('customer_id'), clean_code('tag')], columns_as_text_order(raw_columns)) }}
            as copy_number
    from source

),

checked as (

    select
        *,
        {{ first_failing_check([
            ['null_primary_key', 'customer_id is null or tag is null',
                "'a primary-key column (customer_id, tag) is missing'"],
            ['duplicate_primary_key', 'copy_number > 1', "'an earlier copy of this tag is kept'"],
            ['wrong_type', 'wrong_type_column is not null', "wrong_type_column || ' does not convert to its type'"],
            ['unknown_code', 'tag not in ' ~ contract_code_list('customer_tag'), "'unknown tag: ' || tag"],
            ['impossible_date', is_too_early('tagged_date'),
                "'tagged_date is before " ~ var('earliest_valid_date') ~ "'"],
        ]) }}
    from cleaned

)

select * from checked
