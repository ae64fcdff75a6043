{#- Raw ecif_branches trimmed, with each row's own rejection reason. -#}
{%- set raw_columns = ['branch_id', 'branch_name', 'region_code', 'region_name'] -%}

with source as (

    select * from {{ source('ecif', 'branches') }}

),

cleaned as (

    select
        {{ clean_text('branch_id') }} as branch_id,
        {{ clean_text('branch_name') }} as branch_name,
        {{ clean_text('region_code') }} as region_code,
        {{ clean_text('region_name') }} as region_name,
        {{ record_key([clean_text('branch_id')]) }} as record_key,
        {{ raw_row_text(raw_columns) }} as raw_row,
        {{ copy_number([clean_text('branch_id')], columns_as_text_order(raw_columns)) }} as copy_number
    from source

),

checked as (

    select
        *,
        {{ first_failing_check([
            ['null_primary_key', 'branch_id is null', "'branch_id is missing'"],
            ['duplicate_primary_key', 'copy_number > 1',
                "'an earlier copy of branch_id ' || branch_id || ' is kept'"],
        ]) }}
    from cleaned

)

select * from checked
