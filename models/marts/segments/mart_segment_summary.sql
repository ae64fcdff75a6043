{#- Customers and money by as_of_date x population x region x market class x tier x
    segment, for dashboards (docs/segmentation_rules.md §8): existing customers with their total profit
    contribution, deposit ADB and credit balance; target prospects counted, their money
    columns null (a prospect has no balances with the bank). Codes carry their Chinese
    labels. Built from the history marts' slice of the run's as_of_date. -#}
{%- set as_of = date_literal(as_of_date()) %}
{%- set coded = [
    ['population', 'population'], ['market_class', 'market_class'], ['tier_code', 'tier_code'],
    ['segment_code', 'segment_code'],
] %}

with customer_segments as (

    select
        as_of_date,
        customer_id,
        region_code,
        market_class,
        tier_code,
        segment_code,
        profit_contribution
    from {{ ref('fct_customer_segments') }}
    where as_of_date = {{ as_of }}

),

customer_metrics as (

    select
        as_of_date,
        customer_id,
        deposit_adb_cny,
        credit_balance_cny
    from {{ ref('fct_customer_metrics') }}
    where as_of_date = {{ as_of }}

),

prospect_segments as (

    select
        as_of_date,
        region_code,
        market_class,
        tier_code,
        segment_code
    from {{ ref('fct_prospect_segments') }}
    where as_of_date = {{ as_of }}

),

labels as (

    select
        code_type,
        code,
        label_zh
    from {{ ref('labels') }}

),

existing as (

    select
        customer_segments.as_of_date,
        'existing' as population,
        customer_segments.region_code,
        customer_segments.market_class,
        customer_segments.tier_code,
        customer_segments.segment_code,
        count(*) as customers,
        sum(customer_segments.profit_contribution) as profit_contribution,
        sum(customer_metrics.deposit_adb_cny) as deposit_adb_cny,
        sum(customer_metrics.credit_balance_cny) as credit_balance_cny
    from customer_segments
    inner join customer_metrics
        on
            customer_segments.as_of_date = customer_metrics.as_of_date
            and customer_segments.customer_id = customer_metrics.customer_id
    group by
        customer_segments.as_of_date,
        customer_segments.region_code,
        customer_segments.market_class,
        customer_segments.tier_code,
        customer_segments.segment_code

),

targets as (

    select
        as_of_date,
        'target' as population,
        region_code,
        market_class,
        tier_code,
        segment_code,
        count(*) as customers,
        cast(null as decimal(20, 2)) as profit_contribution,
        cast(null as decimal(24, 6)) as deposit_adb_cny,
        cast(null as decimal(38, 10)) as credit_balance_cny
    from prospect_segments
    group by as_of_date, region_code, market_class, tier_code, segment_code

),

summary as (

    select * from existing
    union all
    select * from targets

),

seed_versions as (

    select distinct seeds_fingerprint
    from {{ ref('int_controls__validated') }}

),

final as (

    select
        summary.as_of_date,
        cast(summary.population as {{ dbt.type_string() }}) as population,
        cast(summary.region_code as {{ dbt.type_string() }}) as region_code,
        cast(summary.market_class as {{ dbt.type_string() }}) as market_class,
        cast(summary.tier_code as {{ dbt.type_string() }}) as tier_code,
        cast(summary.segment_code as {{ dbt.type_string() }}) as segment_code,
        cast(summary.customers as bigint) as customers,
        cast(summary.profit_contribution as decimal(38, 2)) as profit_contribution,
        cast(summary.deposit_adb_cny as decimal(38, 6)) as deposit_adb_cny,
        cast(summary.credit_balance_cny as decimal(38, 10)) as credit_balance_cny,
        {{- label_columns(coded) }},
        cast(seed_versions.seeds_fingerprint as {{ dbt.type_string() }}) as seeds_fingerprint,
        cast('{{ invocation_id }}' as {{ dbt.type_string() }}) as invocation_id
    from summary
    {{- label_joins('summary', coded) }}
    cross join seed_versions

)

select * from final
