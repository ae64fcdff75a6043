{#- 分类 and 分层 of every target prospect (docs/segmentation_rules.md §3, §7, §13.5, §13.6): an open prospect
    that is not already a customer. Market class by customer kind; a corporate prospect
    takes its market segment and emerging subtype from its industry code alone. Tiers
    follow the corporate size rule (size_tier_code) on the prospect's own revenue, assets
    and employees whatever its kind or credit, strategic when its group is on the
    strategic list on as_of_date. -#}
{%- set size = size_rule_columns() %}

with prospects as (

    select * from {{ ref('int_prospects__matched') }}
    where matched_customer_id is null

),

industries as (

    select
        industry_code,
        industry_group,
        industry_emerging_subtype,
        is_reduced_threshold,
        is_real_estate
    from {{ ref('int_industry_codes__classified') }}

),

strategic_groups as (

    select
        group_id,
        effective_from,
        effective_to
    from {{ ref('strategic_groups') }}

),

parameters as (

    select
        prospect_id,
        large_revenue_threshold_cny,
        large_revenue_threshold_reduced_cny
    from {{ ref('int_prospect_parameters__resolved') }}

),

standards as (

    select
        industry_group,
        medium_min_revenue_cny,
        medium_min_assets_cny,
        medium_min_employees
    from {{ ref('sme_size_standards') }}

),

strategic_members as (

    select distinct prospects.prospect_id
    from prospects
    inner join strategic_groups
        on {{ strategic_on('strategic_groups', 'prospects.group_id', 'prospects.as_of_date') }}

),

sized as (

    select
        prospects.as_of_date,
        prospects.prospect_id,
        prospects.branch_id,
        prospects.customer_kind,
        prospects.industry_code,
        prospects.group_id,
        prospects.dq_flags,
        prospects.annual_revenue_cny,
        prospects.total_assets_cny,
        prospects.employee_count,
        industries.industry_emerging_subtype,
        industries.is_reduced_threshold,
        industries.is_real_estate,
        industries.industry_group,
        parameters.large_revenue_threshold_cny,
        parameters.large_revenue_threshold_reduced_cny,
        standards.medium_min_revenue_cny,
        standards.medium_min_assets_cny,
        standards.medium_min_employees,
        strategic_members.prospect_id is not null as is_strategic,
        coalesce(
            prospects.annual_revenue_cny is not null
            or prospects.total_assets_cny is not null
            or prospects.employee_count is not null,
            false
        ) as has_financials,
        coalesce(
            standards.medium_min_revenue_cny is not null
            or standards.medium_min_assets_cny is not null
            or standards.medium_min_employees is not null,
            false
        ) as has_medium_standard
    from prospects
    inner join industries
        on coalesce(prospects.industry_code, '') = industries.industry_code
    inner join parameters
        on prospects.prospect_id = parameters.prospect_id
    left join standards
        on industries.industry_group = standards.industry_group
    left join strategic_members
        on prospects.prospect_id = strategic_members.prospect_id

),

final as (

    select
        as_of_date,
        prospect_id,
        branch_id,
        dq_flags,
        is_strategic,
        customer_kind,
        industry_code,
        group_id,
        industry_group,
        is_reduced_threshold,
        annual_revenue_cny,
        total_assets_cny,
        employee_count,
        large_revenue_threshold_cny,
        large_revenue_threshold_reduced_cny,
        medium_min_revenue_cny,
        medium_min_assets_cny,
        medium_min_employees,
        case when customer_kind = 'enterprise' then 'corporate' else 'institutional' end as market_class,
        case
            when customer_kind <> 'enterprise' then null
            when is_real_estate then 'real_estate'
            when industry_emerging_subtype is not null then 'emerging'
            else 'traditional'
        end as market_segment,
        case
            when customer_kind = 'enterprise' and not is_real_estate then industry_emerging_subtype
        end as emerging_subtype,
        {{ size_tier_code(size) }} as tier_code,
        {{ size_tier_basis(size) }} as tier_basis,
        coalesce(annual_revenue_cny = 0, false) as has_zero_revenue
    from sized

)

select * from final
