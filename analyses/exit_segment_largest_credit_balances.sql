-- The exit segment's (退出客户) customers with the largest credit balance on the latest
-- as_of_date: where credit exposure meets low value, the first list for an exit plan.
-- 退出客户中信贷余额最大的客户。

with segments as (

    select
        as_of_date,
        customer_id,
        branch_id,
        region_code,
        tier_code_zh,
        risk_grade,
        profit_contribution,
        bank_value_score
    from {{ ref('fct_customer_segments') }}
    where segment_code = 'exit'

),

metrics as (

    select
        as_of_date,
        customer_id,
        credit_balance_cny,
        deposit_adb_cny
    from {{ ref('fct_customer_metrics') }}

),

latest as (

    select max(as_of_date) as as_of_date
    from segments

),

final as (

    select
        segments.customer_id,
        segments.branch_id,
        segments.region_code,
        segments.tier_code_zh,
        segments.risk_grade,
        metrics.credit_balance_cny,
        metrics.deposit_adb_cny,
        segments.profit_contribution,
        segments.bank_value_score,
        row_number() over (order by metrics.credit_balance_cny desc, segments.customer_id asc) as credit_balance_rank
    from segments
    inner join latest
        on segments.as_of_date = latest.as_of_date
    inner join metrics
        on segments.as_of_date = metrics.as_of_date and segments.customer_id = metrics.customer_id
    where metrics.credit_balance_cny > 0

)

select * from final
where credit_balance_rank <= 50
order by credit_balance_rank
