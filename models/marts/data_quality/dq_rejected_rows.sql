{#- Every raw row that was not staged, with the first reason that applies
    (docs/raw_data_contract.md), one row per rejected raw row. -#}
-- depends_on: {{ ref('int_controls__validated') }}

with ecif as (

    select * from {{ ref('dq_ecif__rejected_rows') }}

),

core as (

    select * from {{ ref('dq_core__rejected_rows') }}

),

credit as (

    select * from {{ ref('dq_credit__rejected_rows') }}

),

bureau as (

    select * from {{ ref('dq_bureau__rejected_rows') }}

),

crm as (

    select * from {{ ref('dq_crm__rejected_rows') }}

),

unioned as (

    select * from ecif
    union all
    select * from core
    union all
    select * from credit
    union all
    select * from bureau
    union all
    select * from crm

),

final as (

    select
        cast(source_table as {{ dbt.type_string() }}) as source_table,
        cast(record_key as {{ dbt.type_string() }}) as record_key,
        cast(reason_code as {{ dbt.type_string() }}) as reason_code,
        cast(reason as {{ dbt.type_string() }}) as reason,
        cast(raw_row as {{ dbt.type_string() }}) as raw_row,
        cast(copy_number as bigint) as copy_number,
        {{ dbt.current_timestamp() }} as detected_at
    from unioned

)

select * from final
