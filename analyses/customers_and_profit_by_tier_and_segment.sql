-- Customers and profit contribution by tier x segment for one as_of_date (the latest
-- unless --vars '{as_of_date: ...}' is given): the first table of a segmentation review.
-- 各分层客户群的细分客户数与利润贡献度。

with segments as (

    select
        as_of_date,
        tier_code,
        tier_code_zh,
        segment_code,
        segment_code_zh,
        profit_contribution
    from {{ ref('fct_customer_segments') }}

),

selected_date as (

    select max(as_of_date) as as_of_date
    from segments
    {%- if var('as_of_date', none) %}
    where as_of_date = cast('{{ var("as_of_date") }}' as date)
    {%- endif %}

),

final as (

    select
        segments.tier_code,
        segments.tier_code_zh,
        segments.segment_code,
        segments.segment_code_zh,
        count(*) as customers,
        sum(segments.profit_contribution) as profit_contribution,
        avg(segments.profit_contribution) as average_profit_contribution
    from segments
    inner join selected_date
        on segments.as_of_date = selected_date.as_of_date
    group by
        segments.tier_code,
        segments.tier_code_zh,
        segments.segment_code,
        segments.segment_code_zh

)

select * from final
order by tier_code, segment_code
