{#- Why each customer and target prospect is where it is (docs/segmentation_rules.md §2, §3, §8,
    §9, §10): every decision with the figures behind it, as structured columns and as text in
    Chinese and English, one row per population x customer (or prospect) per as_of_date. The
    codes are the ones the segment marts publish (int_customers__serviced,
    int_prospects__segmented); the figures, thresholds and cutoffs come from
    int_customers__explained and int_prospects__explained, the value drivers from
    int_customer_value_drivers. Numbers are formatted by
    format_two_decimals, the same text on every engine. BI-facing. -#}
{%- set fmt = format_two_decimals -%}
{%- set text = dbt.type_string() -%}
{%- set nl = 'chr(10)' -%}
{%- set coded = [
    ['credit_status', 'credit_status'], ['market_class', 'market_class'],
    ['institution_type', 'institution_type'], ['market_segment', 'market_segment'],
    ['emerging_subtype', 'emerging_subtype'], ['tier_code', 'tier_code'], ['tier_basis', 'tier_basis'],
    ['x_band', 'band'], ['y_band', 'band'], ['segment_code', 'segment_code'],
    ['lifecycle_stage', 'lifecycle_stage'], ['risk_grade', 'risk_grade'], ['service_level', 'service_level'],
] -%}

with customers as (

    select * from {{ ref('int_customers__explained') }}

),

prospects as (

    select * from {{ ref('int_prospects__explained') }}

),

labels as (

    select
        code_type,
        code,
        label_zh,
        label_en
    from {{ ref('labels') }}

),

drivers as (

    select
        value_drivers.as_of_date,
        value_drivers.population,
        value_drivers.customer_id,
        value_drivers.direction,
        value_drivers.driver_rank,
        {{ explanation_value_driver('value_drivers', 'zh') }} as driver_zh,
        {{ explanation_value_driver('value_drivers', 'en') }} as driver_en
    from {{ ref('int_customer_value_drivers') }} as value_drivers

),

-- one row per customer: the texts of its (at most) three raising and three lowering drivers
driver_texts as (

    select
        as_of_date,
        population,
        customer_id,
        {%- for direction in ['raises', 'lowers'] %}
            {%- for rank in [1, 2, 3] %}
                {%- for language in ['zh', 'en'] %}
                    {%- set last = direction == 'lowers' and rank == 3 and language == 'en' %}
                    max(
                        case
                            when direction = '{{ direction }}' and driver_rank = {{ rank }}
                                then driver_{{ language }}
                        end
                    ) as {{ direction }}_{{ rank }}_{{ language }}{% if not last %},{% endif %}
                {%- endfor %}
            {%- endfor %}
        {%- endfor %}
    from drivers
    group by as_of_date, population, customer_id

),

seed_versions as (

    select distinct seeds_fingerprint
    from {{ ref('int_controls__validated') }}

),

existing as (

    select
        as_of_date,
        'existing' as population,
        customer_id,
        branch_id,
        region_code,
        credit_status,
        market_class,
        institution_type,
        market_segment,
        emerging_subtype,
        industry_code,
        industry_emerging_subtype,
        emerging_tag_subtype,
        credit_balance_cny,
        group_id,
        tier_code,
        tier_basis,
        industry_group,
        annual_revenue_cny,
        total_assets_cny,
        employee_count,
        medium_min_revenue_cny,
        medium_min_assets_cny,
        medium_min_employees,
        tier_value,
        tier_threshold,
        tier_threshold_parameter,
        tier_threshold_scope_type,
        segment_code,
        profit_contribution as x_value,
        bank_value_score as y_value,
        profit_percent_rank as x_percent_rank,
        bank_value_percent_rank as y_percent_rank,
        profit_band as x_band,
        bank_value_band as y_band,
        profit_cutoff_method as x_cutoff_method,
        profit_cutoff as x_cutoff,
        profit_cutoff_scope_type as x_cutoff_scope_type,
        profit_cutoff_tier_code as x_cutoff_tier_code,
        bank_value_cutoff_method as y_cutoff_method,
        bank_value_cutoff as y_cutoff,
        bank_value_cutoff_scope_type as y_cutoff_scope_type,
        bank_value_cutoff_tier_code as y_cutoff_tier_code,
        lifecycle_stage,
        is_closed_on_as_of,
        open_account_count,
        relationship_days,
        days_since_last_transaction,
        active_month_count,
        loyal_anniversary_date,
        dormant_days,
        new_customer_days,
        loyal_min_tenure_years,
        loyal_lookback_months,
        loyal_min_active_months,
        risk_grade,
        has_non_performing_on_as_of,
        rating,
        rating_date,
        service_level,
        dedicated_team,
        visit_frequency_days
    from customers

),

targets as (

    select
        as_of_date,
        'target' as population,
        prospect_id as customer_id,
        branch_id,
        region_code,
        cast(null as {{ text }}) as credit_status,
        market_class,
        customer_kind as institution_type,
        market_segment,
        emerging_subtype,
        industry_code,
        emerging_subtype as industry_emerging_subtype,
        cast(null as {{ text }}) as emerging_tag_subtype,
        cast(null as decimal(38, 10)) as credit_balance_cny,
        group_id,
        tier_code,
        tier_basis,
        industry_group,
        annual_revenue_cny,
        total_assets_cny,
        employee_count,
        medium_min_revenue_cny,
        medium_min_assets_cny,
        medium_min_employees,
        tier_value,
        tier_threshold,
        tier_threshold_parameter,
        tier_threshold_scope_type,
        segment_code,
        potential_value_score as x_value,
        target_bank_value_score as y_value,
        potential_percent_rank as x_percent_rank,
        bank_value_percent_rank as y_percent_rank,
        potential_band as x_band,
        bank_value_band as y_band,
        potential_cutoff_method as x_cutoff_method,
        potential_cutoff as x_cutoff,
        potential_cutoff_scope_type as x_cutoff_scope_type,
        potential_cutoff_tier_code as x_cutoff_tier_code,
        bank_value_cutoff_method as y_cutoff_method,
        bank_value_cutoff as y_cutoff,
        bank_value_cutoff_scope_type as y_cutoff_scope_type,
        bank_value_cutoff_tier_code as y_cutoff_tier_code,
        lifecycle_stage,
        cast(null as boolean) as is_closed_on_as_of,
        cast(null as integer) as open_account_count,
        cast(null as integer) as relationship_days,
        cast(null as integer) as days_since_last_transaction,
        cast(null as integer) as active_month_count,
        cast(null as date) as loyal_anniversary_date,
        cast(null as integer) as dormant_days,
        cast(null as integer) as new_customer_days,
        cast(null as integer) as loyal_min_tenure_years,
        cast(null as integer) as loyal_lookback_months,
        cast(null as integer) as loyal_min_active_months,
        cast(null as {{ text }}) as risk_grade,
        cast(null as boolean) as has_non_performing_on_as_of,
        cast(null as {{ text }}) as rating,
        cast(null as date) as rating_date,
        service_level,
        dedicated_team,
        visit_frequency_days
    from prospects

),

unioned as (

    select * from existing
    union all
    select * from targets

),

-- where the tier threshold and the cutoffs came from: the seed, its row's scope (and tier)
scoped as (

    select
        unioned.*,
        case
            when unioned.tier_threshold_parameter is not null
                then {{ dbt.concat(["'parameters.csv, '", 'unioned.tier_threshold_parameter', "', '",
                    scope_label('unioned.tier_threshold_scope_type', 'unioned.region_code', 'unioned.branch_id')]) }}
        end as tier_threshold_source,
        {{ dbt.concat(["'segment_cutoffs.csv, '",
            scope_label('unioned.x_cutoff_scope_type', 'unioned.region_code', 'unioned.branch_id'),
            "', tier '", 'unioned.x_cutoff_tier_code']) }} as x_cutoff_scope,
        {{ dbt.concat(["'segment_cutoffs.csv, '",
            scope_label('unioned.y_cutoff_scope_type', 'unioned.region_code', 'unioned.branch_id'),
            "', tier '", 'unioned.y_cutoff_tier_code']) }} as y_cutoff_scope
    from unioned

),

labelled as (

    select
        scoped.*,
        {%- for column in coded %}
            labels__{{ column[0] }}.label_zh as {{ column[0] }}_zh,
            labels__{{ column[0] }}.label_en as {{ column[0] }}_en,
        {%- endfor %}
        case when scoped.population = 'existing' then ' 元' else '' end as x_unit_zh,
        case when scoped.population = 'existing' then ' CNY' else '' end as x_unit_en,
        case when scoped.population = 'existing' then '利润贡献度' else '潜在价值贡献度' end as x_name_zh,
        case
            when scoped.population = 'existing' then 'profit contribution' else 'potential value score'
        end as x_name_en,
        case when scoped.population = 'existing' then '银行对客户价值得分' else '银行对目标客户价值得分' end as y_name_zh,
        case
            when scoped.population = 'existing' then 'bank value score' else 'bank value to the target'
        end as y_name_en
    from scoped
    {{- label_joins('scoped', coded) }}

),

texts as (

    select
        labelled.*,
        {{ explanation_class_reason('labelled', 'zh') }} as class_reason_zh,
        {{ explanation_class_reason('labelled', 'en') }} as class_reason_en,
        {{ explanation_tier_reason('labelled', 'zh') }} as tier_reason_zh,
        {{ explanation_tier_reason('labelled', 'en') }} as tier_reason_en,
        {{ explanation_segment_reason('labelled', 'zh') }} as segment_reason_zh,
        {{ explanation_segment_reason('labelled', 'en') }} as segment_reason_en,
        {{ explanation_lifecycle_reason('labelled', 'zh') }} as lifecycle_reason_zh,
        {{ explanation_lifecycle_reason('labelled', 'en') }} as lifecycle_reason_en,
        {{ explanation_risk_reason('labelled', 'zh') }} as risk_reason_zh,
        {{ explanation_risk_reason('labelled', 'en') }} as risk_reason_en,
        {{ explanation_service_reason('labelled', 'zh') }} as service_reason_zh,
        {{ explanation_service_reason('labelled', 'en') }} as service_reason_en,
        {{ explanation_value_drivers('driver_texts', 'labelled.y_name_zh', 'zh') }} as value_drivers_zh,
        {{ explanation_value_drivers('driver_texts', 'labelled.y_name_en', 'en') }} as value_drivers_en
    from labelled
    left join driver_texts
        on
            labelled.as_of_date = driver_texts.as_of_date
            and labelled.population = driver_texts.population
            and labelled.customer_id = driver_texts.customer_id

),

final as (

    select
        texts.as_of_date,
        cast(texts.population as {{ text }}) as population,
        cast(texts.customer_id as {{ text }}) as customer_id,
        cast(texts.branch_id as {{ text }}) as branch_id,
        cast(texts.region_code as {{ text }}) as region_code,
        cast(texts.credit_status as {{ text }}) as credit_status,
        cast(texts.market_class as {{ text }}) as market_class,
        cast(texts.market_segment as {{ text }}) as market_segment,
        cast(texts.tier_code as {{ text }}) as tier_code,
        cast(texts.tier_basis as {{ text }}) as tier_basis,
        cast(texts.tier_value as decimal(38, 6)) as tier_value,
        cast(texts.tier_threshold as decimal(38, 8)) as tier_threshold,
        cast(texts.tier_threshold_source as {{ text }}) as tier_threshold_source,
        cast(texts.segment_code as {{ text }}) as segment_code,
        cast(case when texts.population = 'existing' then texts.x_value end as decimal(25, 2)) as profit_contribution,
        cast(
            case when texts.population = 'target' then texts.x_value end as {{ type_double() }}
        ) as potential_value_score,
        cast(texts.y_value as {{ type_double() }}) as bank_value_score,
        cast(
            case when texts.population = 'existing' then texts.x_percent_rank end as {{ type_double() }}
        ) as profit_percent_rank,
        cast(
            case when texts.population = 'target' then texts.x_percent_rank end as {{ type_double() }}
        ) as potential_percent_rank,
        cast(texts.y_percent_rank as {{ type_double() }}) as bank_value_percent_rank,
        cast(texts.x_cutoff_method as {{ text }}) as x_cutoff_method,
        cast(case when texts.population = 'existing' then texts.x_cutoff end as decimal(38, 8)) as profit_cutoff,
        cast(case when texts.population = 'target' then texts.x_cutoff end as decimal(38, 8)) as potential_cutoff,
        cast(texts.y_cutoff_method as {{ text }}) as y_cutoff_method,
        cast(texts.y_cutoff as decimal(38, 8)) as bank_value_cutoff,
        cast(
            case
                when texts.x_cutoff_scope = texts.y_cutoff_scope then texts.x_cutoff_scope
                else {{ dbt.concat(["'x: '", 'texts.x_cutoff_scope', "'; y: '", 'texts.y_cutoff_scope']) }}
            end as {{ text }}
        ) as cutoff_scope,
        cast(texts.lifecycle_stage as {{ text }}) as lifecycle_stage,
        cast(texts.risk_grade as {{ text }}) as risk_grade,
        cast(texts.service_level as {{ text }}) as service_level,
        cast(texts.class_reason_zh as {{ text }}) as class_reason_zh,
        cast(texts.class_reason_en as {{ text }}) as class_reason_en,
        cast(texts.tier_reason_zh as {{ text }}) as tier_reason_zh,
        cast(texts.tier_reason_en as {{ text }}) as tier_reason_en,
        cast(texts.segment_reason_zh as {{ text }}) as segment_reason_zh,
        cast(texts.segment_reason_en as {{ text }}) as segment_reason_en,
        cast(texts.lifecycle_reason_zh as {{ text }}) as lifecycle_reason_zh,
        cast(texts.lifecycle_reason_en as {{ text }}) as lifecycle_reason_en,
        cast(texts.risk_reason_zh as {{ text }}) as risk_reason_zh,
        cast(texts.risk_reason_en as {{ text }}) as risk_reason_en,
        cast(texts.service_reason_zh as {{ text }}) as service_reason_zh,
        cast(texts.service_reason_en as {{ text }}) as service_reason_en,
        cast(texts.value_drivers_zh as {{ text }}) as value_drivers_zh,
        cast(texts.value_drivers_en as {{ text }}) as value_drivers_en,
        {%- for language in ['zh', 'en'] %}
            cast({{ dbt.concat([
                'texts.class_reason_' ~ language, nl,
                'texts.tier_reason_' ~ language, nl,
                'texts.segment_reason_' ~ language, nl,
                'texts.lifecycle_reason_' ~ language, nl,
                'texts.risk_reason_' ~ language, nl,
                'texts.service_reason_' ~ language,
                "coalesce(" ~ dbt.concat([nl, 'texts.value_drivers_' ~ language]) ~ ", '')",
            ]) }} as {{ text }}) as explanation_{{ language }},
        {%- endfor %}
        cast(seed_versions.seeds_fingerprint as {{ text }}) as seeds_fingerprint,
        cast('{{ invocation_id }}' as {{ text }}) as invocation_id
    from texts
    cross join seed_versions

)

select * from final
