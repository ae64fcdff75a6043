{#- Every rejected row of the credit source system, one row per rejected raw row.
    Feeds dq_rejected_rows. -#}

with rejected as (

    select * from {{ ref('rej_credit__loans') }}

    union all

    select
        source_table,
        record_key,
        reason_code,
        reason,
        raw_row,
        copy_number
    from {{ ref('rej_credit__loan_balances') }}

    union all

    select * from {{ ref('rej_credit__ratings') }}

)

select
    source_table,
    record_key,
    reason_code,
    reason,
    raw_row,
    copy_number
from rejected
