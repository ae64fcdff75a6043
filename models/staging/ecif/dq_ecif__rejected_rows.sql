{#- Every rejected row of the ecif source system, one row per rejected raw row.
    Feeds dq_rejected_rows. -#}

with rejected as (

    {{ rejected_rows('ecif_branches', ref('base_ecif__branches')) | indent(4) }}

    union all

    select * from {{ ref('rej_ecif__customers') }}

    union all

    select * from {{ ref('rej_ecif__customer_financials') }}

    union all

    select * from {{ ref('rej_ecif__customer_tags') }}

)

select
    source_table,
    record_key,
    reason_code,
    reason,
    raw_row,
    copy_number
from rejected
