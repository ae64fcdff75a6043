{#- Every rejected row of the core source system, one row per rejected raw row.
    Feeds dq_rejected_rows. -#}

with rejected as (

    select * from {{ ref('rej_core__deposit_accounts') }}

    union all

    select
        source_table,
        record_key,
        reason_code,
        reason,
        raw_row,
        copy_number
    from {{ ref('rej_core__deposit_balances') }}

    union all

    select
        source_table,
        record_key,
        reason_code,
        reason,
        raw_row,
        copy_number
    from {{ ref('rej_core__transactions') }}

    union all

    select * from {{ ref('rej_core__fee_income') }}

    union all

    {{ rejected_rows('core_fx_rates', ref('base_core__fx_rates')) | indent(4) }}

)

select
    source_table,
    record_key,
    reason_code,
    reason,
    raw_row,
    copy_number
from rejected
