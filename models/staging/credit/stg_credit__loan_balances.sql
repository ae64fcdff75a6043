{#- Accepted rows of raw credit_loan_balances: the rows base_credit__loan_balances found clean whose
    parents are staged (stg_credit__loans); the others are in dq_credit__rejected_rows. -#}
{#- A big table: materialised once, so nothing downstream re-reads raw; kept by day like
    base_credit__loan_balances, so a nightly run re-reads only the days it reprocesses
    (macros/staging/reprocessed_days.sql). -#}
{{ config(
    materialized='incremental',
    unique_key='balance_date',
    partition_by=['balance_date']
) }}
{%- set since = reprocess_from('balance_date') %}

with base as (

    select * from {{ ref('base_credit__loan_balances') }}
    where reason_code is null and {{ in_reprocessed_days('partition_date', since) }}

),

loans as (

    select loan_id from {{ ref('stg_credit__loans') }}

),

final as (

    select
        base.loan_id,
        base.balance_date,
        base.outstanding_balance,
        base.five_category,
        base.dq_flags
    from base
    inner join loans
        on base.loan_id = loans.loan_id

)

select * from final
