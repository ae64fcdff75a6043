{#- What the rules read from an industry code (docs/segmentation_rules.md §2, §3, §13.4), for every code a staged
    customer or prospect carries: its industry group (the longest matching prefix of the
    industry-groups seed; none matching, or no code: other_unlisted), its emerging subtype
    (longest matching prefix of the emerging-industries seed), whether some prefix of the
    reduced-threshold seed matches, and real estate (first two digits 70). A missing code
    is keyed as the empty string. -#}

with customers as (

    select industry_code from {{ ref('stg_ecif__customers') }}

),

prospects as (

    select industry_code from {{ ref('stg_crm__prospects') }}

),

industry_groups as (

    select
        industry_code_prefix,
        industry_group
    from {{ ref('industry_groups') }}

),

emerging_industries as (

    select
        industry_code_prefix,
        emerging_subtype
    from {{ ref('emerging_industries') }}

),

reduced_threshold_industries as (

    select industry_code_prefix
    from {{ ref('reduced_threshold_industries') }}

),

codes as (

    select coalesce(industry_code, '') as industry_code from customers
    union
    select coalesce(industry_code, '') as industry_code from prospects

),

group_matches as (

    select
        codes.industry_code,
        industry_groups.industry_group,
        row_number() over (
            partition by codes.industry_code
            order by {{ dbt.length('industry_groups.industry_code_prefix') }} desc
        ) as match_rank
    from codes
    inner join industry_groups
        on {{ starts_with_prefix('codes.industry_code', 'industry_groups.industry_code_prefix') }}

),

emerging_matches as (

    select
        codes.industry_code,
        emerging_industries.emerging_subtype,
        row_number() over (
            partition by codes.industry_code
            order by {{ dbt.length('emerging_industries.industry_code_prefix') }} desc
        ) as match_rank
    from codes
    inner join emerging_industries
        on {{ starts_with_prefix('codes.industry_code', 'emerging_industries.industry_code_prefix') }}

),

reduced_matches as (

    select distinct codes.industry_code
    from codes
    inner join reduced_threshold_industries
        on {{ starts_with_prefix('codes.industry_code', 'reduced_threshold_industries.industry_code_prefix') }}

),

final as (

    select
        codes.industry_code,
        emerging_matches.emerging_subtype as industry_emerging_subtype,
        coalesce(group_matches.industry_group, 'other_unlisted') as industry_group,
        reduced_matches.industry_code is not null as is_reduced_threshold,
        substring(codes.industry_code, 2, 2) = '70' as is_real_estate
    from codes
    left join group_matches
        on codes.industry_code = group_matches.industry_code and group_matches.match_rank = 1
    left join emerging_matches
        on codes.industry_code = emerging_matches.industry_code and emerging_matches.match_rank = 1
    left join reduced_matches
        on codes.industry_code = reduced_matches.industry_code

)

select * from final
