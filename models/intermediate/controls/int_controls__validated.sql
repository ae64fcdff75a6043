{#- The build gate of the analysts' controls: it reads every seed, so it is built
    only when every seed loaded and passed its validation tests. Every mart depends on
    it (`-- depends_on`), so a wrong seed edit stops the build before any mart changes.
    It also lists the seeds with their row counts. -#}

with account_natures as (

    select count(*) as row_count from {{ ref('account_natures') }}

),

agreement_points as (

    select count(*) as row_count from {{ ref('agreement_points') }}

),

channel_costs as (

    select count(*) as row_count from {{ ref('channel_costs') }}

),

dq_reason_codes as (

    select count(*) as row_count from {{ ref('dq_reason_codes') }}

),

emerging_industries as (

    select count(*) as row_count from {{ ref('emerging_industries') }}

),

five_category_scores as (

    select count(*) as row_count from {{ ref('five_category_scores') }}

),

industry_groups as (

    select count(*) as row_count from {{ ref('industry_groups') }}

),

industry_space_scores as (

    select count(*) as row_count from {{ ref('industry_space_scores') }}

),

labels as (

    select count(*) as row_count from {{ ref('labels') }}

),

parameters as (

    select count(*) as row_count from {{ ref('parameters') }}

),

product_catalog as (

    select count(*) as row_count from {{ ref('product_catalog') }}

),

rating_scale as (

    select count(*) as row_count from {{ ref('rating_scale') }}

),

reduced_threshold_industries as (

    select count(*) as row_count from {{ ref('reduced_threshold_industries') }}

),

segment_cutoffs as (

    select count(*) as row_count from {{ ref('segment_cutoffs') }}

),

segment_matrix as (

    select count(*) as row_count from {{ ref('segment_matrix') }}

),

segment_strategies as (

    select count(*) as row_count from {{ ref('segment_strategies') }}

),

sme_size_standards as (

    select count(*) as row_count from {{ ref('sme_size_standards') }}

),

strategic_groups as (

    select count(*) as row_count from {{ ref('strategic_groups') }}

),

weights as (

    select count(*) as row_count from {{ ref('weights') }}

),

final as (

    select
        'account_natures' as seed_name,
        row_count
    from account_natures

    union all

    select
        'agreement_points' as seed_name,
        row_count
    from agreement_points

    union all

    select
        'channel_costs' as seed_name,
        row_count
    from channel_costs

    union all

    select
        'dq_reason_codes' as seed_name,
        row_count
    from dq_reason_codes

    union all

    select
        'emerging_industries' as seed_name,
        row_count
    from emerging_industries

    union all

    select
        'five_category_scores' as seed_name,
        row_count
    from five_category_scores

    union all

    select
        'industry_groups' as seed_name,
        row_count
    from industry_groups

    union all

    select
        'industry_space_scores' as seed_name,
        row_count
    from industry_space_scores

    union all

    select
        'labels' as seed_name,
        row_count
    from labels

    union all

    select
        'parameters' as seed_name,
        row_count
    from parameters

    union all

    select
        'product_catalog' as seed_name,
        row_count
    from product_catalog

    union all

    select
        'rating_scale' as seed_name,
        row_count
    from rating_scale

    union all

    select
        'reduced_threshold_industries' as seed_name,
        row_count
    from reduced_threshold_industries

    union all

    select
        'segment_cutoffs' as seed_name,
        row_count
    from segment_cutoffs

    union all

    select
        'segment_matrix' as seed_name,
        row_count
    from segment_matrix

    union all

    select
        'segment_strategies' as seed_name,
        row_count
    from segment_strategies

    union all

    select
        'sme_size_standards' as seed_name,
        row_count
    from sme_size_standards

    union all

    select
        'strategic_groups' as seed_name,
        row_count
    from strategic_groups

    union all

    select
        'weights' as seed_name,
        row_count
    from weights

)

select * from final
