-- Target prospects in the gold segment (黄金客户) by branch on the latest as_of_date:
-- where relationship managers should call first. 各网点黄金目标客户。

with prospects as (

    select
        as_of_date,
        prospect_id,
        branch_id,
        region_code,
        tier_code,
        potential_value_score,
        target_bank_value_score
    from {{ ref('fct_prospect_segments') }}
    where segment_code = 'gold'

),

latest as (

    select max(as_of_date) as as_of_date
    from prospects

),

final as (

    select
        prospects.region_code,
        prospects.branch_id,
        count(*) as gold_prospects,
        sum(case when prospects.tier_code = 'strategic' then 1 else 0 end) as strategic_gold_prospects,
        avg(prospects.potential_value_score) as average_potential_value_score,
        max(prospects.potential_value_score) as best_potential_value_score
    from prospects
    inner join latest
        on prospects.as_of_date = latest.as_of_date
    group by prospects.region_code, prospects.branch_id

)

select * from final
order by gold_prospects desc, region_code asc, branch_id asc
