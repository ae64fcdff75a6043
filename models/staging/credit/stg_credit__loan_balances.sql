{#- Accepted rows of raw credit_loan_balances: the rows base_credit__loan_balances found clean whose
    parents are staged (stg_credit__loans); the others are in dq_credit__rejected_rows. -#}
{{ config(materialized='table') }}  {#- a big table: materialised once, so nothing downstream re-reads raw -#}

with base as (

    select * from {{ ref('base_credit__loan_balances') }}
    where reason_code is null

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
