{#- Raw core_transactions cast and normalised, with each row's own rejection reason.
    The orphan check (account) is stg_core__transactions' job. -#}
{#- A big daily table: stored once, by day, so stg_, rej_ and the tests never re-read the
    raw rows, and a nightly run re-reads only the recent days (macros/staging/reprocessed_days.sql). -#}
{{ config(
    materialized='incremental',
    unique_key='partition_date',
    partition_by=['partition_date']
) }}
{%- set raw = source('core', 'transactions') -%}
{%- set text_columns = raw_text_columns(raw) -%}
{%- set raw_columns = ['txn_id', 'account_id', 'txn_date', 'amount', 'direction', 'channel'] -%}
{%- set key_columns = [clean_text('txn_id')] -%}
{%- set since = reprocess_from() %}
{#- the rows kept on the days a run does not re-read (none on a full build) -#}
{%- if since is none %}
    {%- set earlier_rows = '(select cast(null as ' ~ dbt.type_string() ~ ') as txn_id, 0 as copy_number) as no_rows' %}
    {%- set earlier_days = '1 = 0' %}
{%- else %}
    {%- set earlier_rows = this %}
    {%- set earlier_days = 'partition_date >= ' ~ date_literal(var('earliest_valid_date'))
        ~ ' and partition_date < ' ~ date_literal(since) %}
{%- endif %}

with source as (

    select * from {{ raw }}
    where {{ in_reprocessed_days(typed_column('txn_date', 'date', text_columns), since) }}

),

channels as (

    select channel from {{ ref('channel_costs') }}

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

{# A transaction's copies can fall on different days: on a nightly run, the copies of a
   txn_id already kept on the days not re-read come first (the earliest-loaded copy
   survives), and the re-read rows are numbered after them. A full build numbers all
   copies together in survivor order (no earlier copies). #}
earlier_copies as (

    select
        txn_id,
        max(copy_number) as copies
    from {{ earlier_rows }}
    where
        {{ earlier_days }}
        and (txn_id is null or txn_id in (select {{ clean_text('txn_id') }} from source))
    group by txn_id

),

cleaned as (

    select
        numbered.*,
        {{ clean_text('txn_id') }} as clean_txn_id,
        {{ clean_text('account_id') }} as clean_account_id,
        {{ typed_column('txn_date', 'date', text_columns) }} as clean_txn_date,
        {{ typed_column('amount', 'decimal(20,2)', text_columns) }} as clean_amount,
        {{ clean_code('direction') }} as clean_direction,
        {{ clean_code('channel') }} as clean_channel,
        {{ wrong_type_column([['txn_date', 'date'], ['amount', 'decimal(20,2)']], text_columns) }}
            as wrong_type_column
    from numbered

),

renumbered as (

    select
        cleaned.*,
        cleaned.copy_number + coalesce(earlier_copies.copies, 0) as kept_copy_number
    from cleaned
    left join earlier_copies
        on coalesce(cleaned.clean_txn_id, '') = coalesce(earlier_copies.txn_id, '')

),

checked as (

    select
        renumbered.*,
        {{ first_failing_check([
            ['null_primary_key', 'clean_txn_id is null', "'txn_id is missing'"],
            ['duplicate_primary_key', 'kept_copy_number > 1',
                "'an earlier copy of txn_id ' || clean_txn_id || ' is kept'"],
            ['wrong_type', 'wrong_type_column is not null', "wrong_type_column || ' does not convert to its type'"],
            implausible_amount_check([['amount', 'renumbered.clean_amount']]),
            ['unknown_code', 'clean_direction is null or clean_direction not in ' ~ contract_code_list('direction'),
                "'unknown direction: ' || coalesce(clean_direction, 'NULL')"],
            ['unknown_code', 'channels.channel is null',
                "'unknown channel: ' || coalesce(clean_channel, 'NULL')"],
            ['impossible_date', is_too_early('clean_txn_date'),
                "'txn_date is before " ~ var('earliest_valid_date') ~ "'"],
        ]) }}
    from renumbered
    left join channels
        on renumbered.clean_channel = channels.channel

),

final as (

    select
        clean_txn_id as txn_id,
        clean_account_id as account_id,
        clean_txn_date as txn_date,
        clean_amount as amount,
        clean_direction as direction,
        clean_channel as channel,
        wrong_type_column,
        {#- the texts of a row rejected here only, built from its raw values: an accepted
            row that turns out an orphan gets them from its clean values in
            rej_core__transactions (writing them for every row would double the cost) -#}
        case when reason_code is not null then {{ record_key(key_columns) }} end as record_key,
        case when reason_code is not null then {{ raw_row_text(raw_columns) }} end as raw_row,
        kept_copy_number as copy_number,
        reason_code,
        reason,
        {{ day_partition('clean_txn_date') }} as partition_date
    from checked

)

select * from final
