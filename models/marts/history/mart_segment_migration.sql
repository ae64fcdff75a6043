{#- 客户群迁移 (docs/segmentation_rules.md §11): existing customers moving between segments from one as_of_date
    to another, with their profit contribution at both dates. Customers that entered or
    left scope appear with the segment `none` on the missing side and profit 0 there.
    Pairs: each as_of_date present in fct_customer_segments with the one before it, plus
    the pairs of var migration_pairs. Rebuilt whole on every run from the segment fact's
    history, so a month-end backfilled between two others, or re-run, leaves no stale
    pair behind. -#}
{{ config(materialized='table', partition_by=none) }}
-- depends_on: {{ ref('int_controls__validated') }}

with segments as (

    select
        as_of_date,
        customer_id,
        segment_code,
        profit_contribution
    from {{ ref('fct_customer_segments') }}

),

labels as (

    select
        code_type,
        code,
        label_zh
    from {{ ref('labels') }}
    where code_type = 'segment_code'

),

dates as (

    select distinct as_of_date
    from segments

),

consecutive as (

    select
        as_of_date as to_as_of_date,
        lag(as_of_date) over (order by as_of_date) as from_as_of_date
    from dates

),

requested as (

    select
        from_as_of_date,
        to_as_of_date
    from consecutive
    where from_as_of_date is not null
    {%- for pair in var('migration_pairs') %}
    union
    select
        cast('{{ pair[0] }}' as date) as from_as_of_date,
        cast('{{ pair[1] }}' as date) as to_as_of_date
    {%- endfor %}

),

pairs as (

    select
        requested.from_as_of_date,
        requested.to_as_of_date
    from requested
    inner join dates as from_dates
        on requested.from_as_of_date = from_dates.as_of_date
    inner join dates as to_dates
        on requested.to_as_of_date = to_dates.as_of_date

),

from_side as (

    select
        pairs.from_as_of_date,
        pairs.to_as_of_date,
        segments.customer_id,
        segments.segment_code,
        segments.profit_contribution
    from pairs
    inner join segments
        on pairs.from_as_of_date = segments.as_of_date

),

to_side as (

    select
        pairs.from_as_of_date,
        pairs.to_as_of_date,
        segments.customer_id,
        segments.segment_code,
        segments.profit_contribution
    from pairs
    inner join segments
        on pairs.to_as_of_date = segments.as_of_date

),

moves as (

    select
        coalesce(from_side.from_as_of_date, to_side.from_as_of_date) as from_as_of_date,
        coalesce(from_side.to_as_of_date, to_side.to_as_of_date) as to_as_of_date,
        coalesce(from_side.segment_code, 'none') as from_segment_code,
        coalesce(to_side.segment_code, 'none') as to_segment_code,
        coalesce(from_side.profit_contribution, 0) as from_profit_contribution,
        coalesce(to_side.profit_contribution, 0) as to_profit_contribution
    from from_side
    full outer join to_side
        on
            from_side.from_as_of_date = to_side.from_as_of_date
            and from_side.to_as_of_date = to_side.to_as_of_date
            and from_side.customer_id = to_side.customer_id

),

migration as (

    select
        from_as_of_date,
        to_as_of_date,
        from_segment_code,
        to_segment_code,
        count(*) as customers,
        sum(from_profit_contribution) as from_profit_contribution,
        sum(to_profit_contribution) as to_profit_contribution
    from moves
    group by from_as_of_date, to_as_of_date, from_segment_code, to_segment_code

),

final as (

    select
        migration.from_as_of_date,
        migration.to_as_of_date,
        cast(migration.from_segment_code as {{ dbt.type_string() }}) as from_segment_code,
        from_labels.label_zh as from_segment_code_zh,
        cast(migration.to_segment_code as {{ dbt.type_string() }}) as to_segment_code,
        to_labels.label_zh as to_segment_code_zh,
        cast(migration.customers as bigint) as customers,
        cast(migration.from_profit_contribution as decimal(38, 2)) as from_profit_contribution,
        cast(migration.to_profit_contribution as decimal(38, 2)) as to_profit_contribution
    from migration
    left join labels as from_labels
        on migration.from_segment_code = from_labels.code
    left join labels as to_labels
        on migration.to_segment_code = to_labels.code

)

select * from final
