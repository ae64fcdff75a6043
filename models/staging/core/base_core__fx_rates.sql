{#- Raw core_fx_rates cast and normalised, with each row's own rejection reason. -#}
{%- set raw = source('core', 'fx_rates') -%}
{%- set text_columns = raw_text_columns(raw) -%}
{%- set raw_columns = ['currency', 'rate_date', 'cny_per_unit'] -%}
{%- set key_columns = [clean_upper('currency'), typed_column('rate_date', 'date', text_columns)] -%}

with source as (

    select * from {{ raw }}

),

cleaned as (

    select
        {{ clean_upper('currency') }} as currency,
        {{ typed_column('rate_date', 'date', text_columns) }} as rate_date,
        {{ typed_column('cny_per_unit', 'decimal(18,8)', text_columns) }} as cny_per_unit,
        {{ wrong_type_column([['rate_date', 'date'], ['cny_per_unit', 'decimal(18,8)']], text_columns) }}
            as wrong_type_column,
        {{ record_key(key_columns, ['currency', 'rate_date']) }} as record_key,
        {{ raw_row_text(raw_columns) }} as raw_row,
        {{ any_missing(['currency', 'rate_date'], text_columns) }} as is_key_missing,
        {{ copy_number(key_columns, columns_as_text_order(raw_columns)) }} as copy_number
    from source

),

checked as (

    select
        *,
        {#- to_cny (macros/formulas/fx.sql) holds a rate as decimal(12,8): a rate that does
            not fit could not be used, and its products would overflow: implausible_amount -#}
        {{ first_failing_check([
            ['null_primary_key', 'is_key_missing',
                "'a primary-key column (currency, rate_date) is missing or unreadable'"],
            ['duplicate_primary_key', 'copy_number > 1 and rate_date is not null', "'an earlier copy of this rate is kept'"],
            ['wrong_type', 'wrong_type_column is not null', "wrong_type_column || ' does not convert to its type'"],
            ['implausible_amount', 'cny_per_unit is not null and ' ~ cast_or_null('cny_per_unit', 'decimal(12,8)') ~ ' is null',
                "'cny_per_unit is 10,000 CNY per unit or more, beyond the rates the marts hold'"],
            ['impossible_date', is_too_early('rate_date'),
                "'rate_date is before " ~ var('earliest_valid_date') ~ "'"],
        ]) }}
    from cleaned

)

select * from checked
