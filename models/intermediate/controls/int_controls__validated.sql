{#- The build gate of the analysts' controls: it reads every seed, so it is built
    only when every seed loaded and passed its validation tests. Every mart depends on
    it (`-- depends_on`, or a ref in the history marts, which read the fingerprint), so
    a wrong seed edit stops the build before any mart changes.
    It also lists the seeds with their row counts and content hashes, and the
    fingerprint of them all that every history-mart slice records (macros/controls/seed_hash.sql,
    README "Which seeds made a slice"). -#}

with action_types as (

    select
        count(*) as row_count,
        {{ seed_hash(ref('action_types')) }} as seed_hash
    from {{ ref('action_types') }}

),

account_natures as (

    select
        count(*) as row_count,
        {{ seed_hash(ref('account_natures')) }} as seed_hash
    from {{ ref('account_natures') }}

),

agreement_points as (

    select
        count(*) as row_count,
        {{ seed_hash(ref('agreement_points')) }} as seed_hash
    from {{ ref('agreement_points') }}

),

channel_costs as (

    select
        count(*) as row_count,
        {{ seed_hash(ref('channel_costs')) }} as seed_hash
    from {{ ref('channel_costs') }}

),

dq_reason_codes as (

    select
        count(*) as row_count,
        {{ seed_hash(ref('dq_reason_codes')) }} as seed_hash
    from {{ ref('dq_reason_codes') }}

),

emerging_industries as (

    select
        count(*) as row_count,
        {{ seed_hash(ref('emerging_industries')) }} as seed_hash
    from {{ ref('emerging_industries') }}

),

five_category_scores as (

    select
        count(*) as row_count,
        {{ seed_hash(ref('five_category_scores')) }} as seed_hash
    from {{ ref('five_category_scores') }}

),

industry_groups as (

    select
        count(*) as row_count,
        {{ seed_hash(ref('industry_groups')) }} as seed_hash
    from {{ ref('industry_groups') }}

),

industry_space_scores as (

    select
        count(*) as row_count,
        {{ seed_hash(ref('industry_space_scores')) }} as seed_hash
    from {{ ref('industry_space_scores') }}

),

labels as (

    select
        count(*) as row_count,
        {{ seed_hash(ref('labels')) }} as seed_hash
    from {{ ref('labels') }}

),

parameters as (

    select
        count(*) as row_count,
        {{ seed_hash(ref('parameters')) }} as seed_hash
    from {{ ref('parameters') }}

),

product_catalog as (

    select
        count(*) as row_count,
        {{ seed_hash(ref('product_catalog')) }} as seed_hash
    from {{ ref('product_catalog') }}

),

rating_scale as (

    select
        count(*) as row_count,
        {{ seed_hash(ref('rating_scale')) }} as seed_hash
    from {{ ref('rating_scale') }}

),

reduced_threshold_industries as (

    select
        count(*) as row_count,
        {{ seed_hash(ref('reduced_threshold_industries')) }} as seed_hash
    from {{ ref('reduced_threshold_industries') }}

),

retention_ranks as (

    select
        count(*) as row_count,
        {{ seed_hash(ref('retention_ranks')) }} as seed_hash
    from {{ ref('retention_ranks') }}

),

segment_cutoffs as (

    select
        count(*) as row_count,
        {{ seed_hash(ref('segment_cutoffs')) }} as seed_hash
    from {{ ref('segment_cutoffs') }}

),

segment_matrix as (

    select
        count(*) as row_count,
        {{ seed_hash(ref('segment_matrix')) }} as seed_hash
    from {{ ref('segment_matrix') }}

),

segment_actions as (

    select
        count(*) as row_count,
        {{ seed_hash(ref('segment_actions')) }} as seed_hash
    from {{ ref('segment_actions') }}

),

segment_strategies as (

    select
        count(*) as row_count,
        {{ seed_hash(ref('segment_strategies')) }} as seed_hash
    from {{ ref('segment_strategies') }}

),

sme_size_standards as (

    select
        count(*) as row_count,
        {{ seed_hash(ref('sme_size_standards')) }} as seed_hash
    from {{ ref('sme_size_standards') }}

),

strategic_groups as (

    select
        count(*) as row_count,
        {{ seed_hash(ref('strategic_groups')) }} as seed_hash
    from {{ ref('strategic_groups') }}

),

weights as (

    select
        count(*) as row_count,
        {{ seed_hash(ref('weights')) }} as seed_hash
    from {{ ref('weights') }}

),

seeds as (

    select
        'action_types' as seed_name,
        row_count,
        seed_hash
    from action_types

    union all

    select
        'account_natures' as seed_name,
        row_count,
        seed_hash
    from account_natures

    union all

    select
        'agreement_points' as seed_name,
        row_count,
        seed_hash
    from agreement_points

    union all

    select
        'channel_costs' as seed_name,
        row_count,
        seed_hash
    from channel_costs

    union all

    select
        'dq_reason_codes' as seed_name,
        row_count,
        seed_hash
    from dq_reason_codes

    union all

    select
        'emerging_industries' as seed_name,
        row_count,
        seed_hash
    from emerging_industries

    union all

    select
        'five_category_scores' as seed_name,
        row_count,
        seed_hash
    from five_category_scores

    union all

    select
        'industry_groups' as seed_name,
        row_count,
        seed_hash
    from industry_groups

    union all

    select
        'industry_space_scores' as seed_name,
        row_count,
        seed_hash
    from industry_space_scores

    union all

    select
        'labels' as seed_name,
        row_count,
        seed_hash
    from labels

    union all

    select
        'parameters' as seed_name,
        row_count,
        seed_hash
    from parameters

    union all

    select
        'product_catalog' as seed_name,
        row_count,
        seed_hash
    from product_catalog

    union all

    select
        'rating_scale' as seed_name,
        row_count,
        seed_hash
    from rating_scale

    union all

    select
        'reduced_threshold_industries' as seed_name,
        row_count,
        seed_hash
    from reduced_threshold_industries

    union all

    select
        'retention_ranks' as seed_name,
        row_count,
        seed_hash
    from retention_ranks

    union all

    select
        'segment_cutoffs' as seed_name,
        row_count,
        seed_hash
    from segment_cutoffs

    union all

    select
        'segment_matrix' as seed_name,
        row_count,
        seed_hash
    from segment_matrix

    union all

    select
        'segment_actions' as seed_name,
        row_count,
        seed_hash
    from segment_actions

    union all

    select
        'segment_strategies' as seed_name,
        row_count,
        seed_hash
    from segment_strategies

    union all

    select
        'sme_size_standards' as seed_name,
        row_count,
        seed_hash
    from sme_size_standards

    union all

    select
        'strategic_groups' as seed_name,
        row_count,
        seed_hash
    from strategic_groups

    union all

    select
        'weights' as seed_name,
        row_count,
        seed_hash
    from weights

),

fingerprinted as (

    select {{ seeds_fingerprint('seed_name', 'seed_hash') }} as seeds_fingerprint
    from seeds

),

final as (

    select
        seeds.seed_name,
        seeds.row_count,
        seeds.seed_hash,
        fingerprinted.seeds_fingerprint
    from seeds
    cross join fingerprinted

)

select * from final
