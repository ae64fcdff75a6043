{#- Every rejected row of the crm source system, one row per rejected raw row.
    Feeds dq_rejected_rows. -#}

with rejected as (

    select * from {{ ref('rej_crm__prospects') }}

    union all

    select * from {{ ref('rej_crm__prospect_assessments') }}

    union all

    select * from {{ ref('rej_crm__satisfaction_surveys') }}

    union all

    select * from {{ ref('rej_crm__agreements') }}

    union all

    select * from {{ ref('rej_crm__customer_managers') }}

    union all

    select * from {{ ref('rej_crm__visits') }}

)

select
    source_table,
    record_key,
    reason_code,
    reason,
    raw_row,
    copy_number
from rejected
