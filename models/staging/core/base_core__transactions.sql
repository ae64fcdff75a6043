{#- Raw core_transactions cast and normalised, with each row's own rejection reason.
    The orphan check (account) is stg_core__transactions' job. -#}
{%- set raw = source('core', 'transactions') -%}
{%- set text_columns = raw_text_columns(raw) -%}
{%- set raw_columns = ['txn_id', 'account_id', 'txn_date', 'amount', 'direction', 'channel'] -%}

with source as (

    select * from {{ raw }}

),

channels as (

    select channel from {{ ref('channel_costs') }}

),

cleaned as (

    select
        {{ clean_text('txn_id') }} as txn_id,
        {{ clean_text('account_id') }} as account_id,
        {{ typed_column('txn_date', 'date', text_columns) }} as txn_date,
        {{ typed_column('amount', 'decimal(20,2)', text_columns) }} as amount,
        {{ clean_code('direction') }} as direction,
        {{ clean_code('channel') }} as channel,
        {{ wrong_type_column([['txn_date', 'date'], ['amount', 'decimal(20,2)']], text_columns) }}
            as wrong_type_column,
        {{ record_key([clean_text('txn_id')]) }} as record_key,
        {{ raw_row_text(raw_columns) }} as raw_row,
        {{ copy_number([clean_text('txn_id')], columns_as_text_order(raw_columns)) }} as copy_number
    from source

),

checked as (

    select
        cleaned.*,
        {{ first_failing_check([
            ['null_primary_key', 'txn_id is null', "'txn_id is missing'"],
            ['duplicate_primary_key', 'copy_number > 1',
                "'an earlier copy of txn_id ' || txn_id || ' is kept'"],
            ['wrong_type', 'wrong_type_column is not null', "wrong_type_column || ' does not convert to its type'"],
            ['unknown_code', 'direction is null or direction not in ' ~ contract_code_list('direction'),
                "'unknown direction: ' || coalesce(direction, 'NULL')"],
            ['unknown_code', 'channels.channel is null',
                "'unknown channel: ' || coalesce(cleaned.channel, 'NULL')"],
            ['impossible_date', is_too_early('txn_date'),
                "'txn_date is before " ~ var('earliest_valid_date') ~ "'"],
        ]) }}
    from cleaned
    left join channels
        on cleaned.channel = channels.channel

)

select * from checked
