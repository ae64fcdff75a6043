{#- Every rejected row of the bureau source system, one row per rejected raw row.
    Feeds dq_rejected_rows. -#}

with rejected as (

    select * from {{ ref('rej_bureau__credit_summary') }}

)

select
    source_table,
    record_key,
    reason_code,
    reason,
    raw_row,
    copy_number
from rejected
