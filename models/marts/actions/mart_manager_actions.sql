{#- The relationship managers' work lists (客户经理工作清单, docs/segmentation_rules.md §15): one row per
    action per customer or prospect per as_of_date, with its manager (the primary
    assignment valid on as_of_date; null when there is none, and the row is then the
    branch's list), its priority (action_types.csv) and a reason in Chinese and English
    that names the figures. Actions: visit_overdue (an existing customer whose last visit
    is more than visit_frequency_days before as_of_date, or never visited), retention
    (churned or became dormant, moved down a segment or tier since the previous slice, or
    deposit ADB fell by more than deposit_adb_drop_ratio of the previous slice's),
    cross_sell (one row per product category its segment calls for in segment_actions.csv
    that it did not use in W) and prospect_follow_up (a prospect of a follow-up segment not
    visited within prospect_follow_up_days). Visit-based actions are listed only when the
    CRM records visits. A trigger whose row is removed from action_types.csv is not listed. -#}
{%- set text = dbt.type_string() %}

with parties as (

    select
        as_of_date,
        population,
        party_id,
        branch_id,
        segment_code,
        manager_id,
        manager_name,
        last_visit_date,
        days_since_last_visit,
        allowed_days_between_visits,
        has_visit_records
    from {{ ref('int_parties__contacted') }}

),

compared as (

    select
        customer_id,
        tier_code,
        lifecycle_stage,
        previous_as_of_date,
        previous_segment_code,
        previous_tier_code,
        previous_lifecycle_stage,
        segment_rank,
        previous_segment_rank,
        tier_rank,
        previous_tier_rank,
        deposit_adb_cny,
        previous_deposit_adb_cny,
        deposit_adb_drop_ratio
    from {{ ref('int_customers__compared') }}

),

missing_products as (

    select
        customer_id,
        product_category,
        called_for_category_count,
        used_called_for_category_count
    from {{ ref('int_customer_products__missing') }}

),

action_types as (

    select
        action_code,
        trigger_code,
        priority
    from {{ ref('action_types') }}

),

labels as (

    select
        code_type,
        code,
        label_zh,
        label_en
    from {{ ref('labels') }}

),

seed_versions as (

    select distinct seeds_fingerprint
    from {{ ref('int_controls__validated') }}

),

segment_labels as (

    select
        code,
        label_zh,
        label_en
    from labels
    where code_type = 'segment_code'

),

visits_due as (

    select
        population,
        party_id,
        case population when 'existing' then 'visit_overdue' else 'prospect_follow_up' end as action_code,
        case when last_visit_date is null then 'never_visited' else 'overdue' end as trigger_code,
        cast(null as {{ text }}) as product_category,
        case
            when last_visit_date is null
                then
                    '无拜访记录；' || case population when 'existing' then '拜访频率' else '跟进期限' end
                    || ' ' || cast(allowed_days_between_visits as {{ text }}) || ' 天'
            else
                '最近一次拜访 ' || cast(last_visit_date as {{ text }}) || '，距今 '
                || cast(days_since_last_visit as {{ text }}) || ' 天，超过'
                || case population when 'existing' then '拜访频率' else '跟进期限' end
                || ' ' || cast(allowed_days_between_visits as {{ text }}) || ' 天'
        end as reason_zh,
        case
            when last_visit_date is null
                then
                    'No visit on record; '
                    || case population when 'existing' then 'visit frequency' else 'follow-up window' end
                    || ' ' || cast(allowed_days_between_visits as {{ text }}) || ' days'
            else
                'Last visit ' || cast(last_visit_date as {{ text }}) || ', '
                || cast(days_since_last_visit as {{ text }}) || ' days ago, more than the '
                || case population when 'existing' then 'visit frequency' else 'follow-up window' end
                || ' of ' || cast(allowed_days_between_visits as {{ text }}) || ' days'
        end as reason_en
    from parties
    where
        has_visit_records
        and allowed_days_between_visits is not null
        and (last_visit_date is null or days_since_last_visit > allowed_days_between_visits)

),

lifecycle_changes as (

    select
        'existing' as population,
        compared.customer_id as party_id,
        'retention' as action_code,
        compared.lifecycle_stage as trigger_code,
        cast(null as {{ text }}) as product_category,
        '生命周期转为' || current_stage.label_zh || '（上一观察日 '
        || coalesce(
            cast(compared.previous_as_of_date as {{ text }}) || '：' || previous_stage.label_zh, '无记录'
        )
        || '）' as reason_zh,
        'Lifecycle stage now ' || current_stage.label_en || ' (previous as_of_date '
        || coalesce(
            cast(compared.previous_as_of_date as {{ text }}) || ': ' || previous_stage.label_en, 'none on record'
        )
        || ')' as reason_en
    from compared
    inner join labels as current_stage
        on current_stage.code_type = 'lifecycle_stage' and compared.lifecycle_stage = current_stage.code
    left join labels as previous_stage
        on previous_stage.code_type = 'lifecycle_stage' and compared.previous_lifecycle_stage = previous_stage.code
    where
        compared.lifecycle_stage in ('churned', 'dormant')
        and (compared.previous_lifecycle_stage is null or compared.previous_lifecycle_stage <> compared.lifecycle_stage)

),

segment_moves as (

    select
        'existing' as population,
        compared.customer_id as party_id,
        'retention' as action_code,
        'segment_down' as trigger_code,
        cast(null as {{ text }}) as product_category,
        '细分客户群由' || previous_segment.label_zh || '降为' || current_segment.label_zh
        || '（' || cast(compared.previous_as_of_date as {{ text }}) || ' → '
        || cast(parties.as_of_date as {{ text }}) || '）' as reason_zh,
        'Segment moved down from ' || previous_segment.label_en || ' to ' || current_segment.label_en
        || ' (' || cast(compared.previous_as_of_date as {{ text }}) || ' → '
        || cast(parties.as_of_date as {{ text }}) || ')' as reason_en
    from compared
    inner join parties
        on parties.population = 'existing' and compared.customer_id = parties.party_id
    inner join segment_labels as previous_segment
        on compared.previous_segment_code = previous_segment.code
    inner join segment_labels as current_segment
        on parties.segment_code = current_segment.code
    where compared.segment_rank > compared.previous_segment_rank

),

tier_moves as (

    select
        'existing' as population,
        compared.customer_id as party_id,
        'retention' as action_code,
        'tier_down' as trigger_code,
        cast(null as {{ text }}) as product_category,
        '客户分层由' || previous_tier.label_zh || '降为' || current_tier.label_zh
        || '（' || cast(compared.previous_as_of_date as {{ text }}) || ' 起）' as reason_zh,
        'Tier moved down from ' || previous_tier.label_en || ' to ' || current_tier.label_en
        || ' (since ' || cast(compared.previous_as_of_date as {{ text }}) || ')' as reason_en
    from compared
    inner join labels as previous_tier
        on previous_tier.code_type = 'tier_code' and compared.previous_tier_code = previous_tier.code
    inner join labels as current_tier
        on current_tier.code_type = 'tier_code' and compared.tier_code = current_tier.code
    where compared.tier_rank > compared.previous_tier_rank

),

deposit_drops as (

    select
        'existing' as population,
        customer_id as party_id,
        'retention' as action_code,
        'deposit_drop' as trigger_code,
        cast(null as {{ text }}) as product_category,
        '存款日均余额由 ' || {{ format_two_decimals('previous_deposit_adb_cny') }} || ' 元降至 '
        || {{ format_two_decimals('deposit_adb_cny') }} || ' 元（' || cast(previous_as_of_date as {{ text }})
        || ' 起），降幅超过 ' || {{ format_two_decimals('deposit_adb_drop_ratio * 100') }} || '%' as reason_zh,
        'Deposit ADB fell from CNY ' || {{ format_two_decimals('previous_deposit_adb_cny') }} || ' to CNY '
        || {{ format_two_decimals('deposit_adb_cny') }} || ' (since ' || cast(previous_as_of_date as {{ text }})
        || '), more than ' || {{ format_two_decimals('deposit_adb_drop_ratio * 100') }} || '%' as reason_en
    from compared
    where
        previous_deposit_adb_cny > 0
        and previous_deposit_adb_cny - coalesce(deposit_adb_cny, 0) > deposit_adb_drop_ratio * previous_deposit_adb_cny

),

cross_sells as (

    select
        'existing' as population,
        missing_products.customer_id as party_id,
        'cross_sell' as action_code,
        'missing_category' as trigger_code,
        missing_products.product_category,
        '所属客户群要求的产品类别“' || coalesce(category.label_zh, missing_products.product_category)
        || '”窗口期内未使用（要求的 ' || cast(missing_products.called_for_category_count as {{ text }})
        || ' 类中已使用 ' || cast(missing_products.used_called_for_category_count as {{ text }}) || ' 类）' as reason_zh,
        'Product category ' || coalesce(category.label_en, missing_products.product_category)
        || ', called for by its segment, not used in the window ('
        || cast(missing_products.used_called_for_category_count as {{ text }}) || ' of '
        || cast(missing_products.called_for_category_count as {{ text }}) || ' called-for categories used)' as reason_en
    from missing_products
    left join labels as category
        on category.code_type = 'product_category' and missing_products.product_category = category.code

),

actions as (

    select * from visits_due
    union all
    select * from lifecycle_changes
    union all
    select * from segment_moves
    union all
    select * from tier_moves
    union all
    select * from deposit_drops
    union all
    select * from cross_sells

),

final as (

    select
        parties.as_of_date,
        cast(
            actions.population || ':' || actions.party_id || ':' || actions.action_code || ':' || actions.trigger_code
            || coalesce(':' || actions.product_category, '') as {{ text }}
        ) as action_id,
        cast(actions.population as {{ text }}) as population,
        cast(case when actions.population = 'existing' then actions.party_id end as {{ text }}) as customer_id,
        cast(case when actions.population = 'target' then actions.party_id end as {{ text }}) as prospect_id,
        cast(parties.branch_id as {{ text }}) as branch_id,
        cast(parties.manager_id as {{ text }}) as manager_id,
        cast(parties.manager_name as {{ text }}) as manager_name,
        cast(actions.action_code as {{ text }}) as action_code,
        cast(actions.trigger_code as {{ text }}) as trigger_code,
        cast(action_types.priority as integer) as priority,
        cast(actions.product_category as {{ text }}) as product_category,
        cast(actions.reason_zh as {{ text }}) as reason_zh,
        cast(actions.reason_en as {{ text }}) as reason_en,
        cast(parties.segment_code as {{ text }}) as segment_code,
        cast(compared.previous_segment_code as {{ text }}) as previous_segment_code,
        cast(compared.tier_code as {{ text }}) as tier_code,
        cast(compared.previous_tier_code as {{ text }}) as previous_tier_code,
        cast(compared.lifecycle_stage as {{ text }}) as lifecycle_stage,
        cast(compared.previous_lifecycle_stage as {{ text }}) as previous_lifecycle_stage,
        cast(compared.deposit_adb_cny as decimal(24, 6)) as deposit_adb_cny,
        cast(compared.previous_deposit_adb_cny as decimal(24, 6)) as previous_deposit_adb_cny,
        cast(compared.deposit_adb_drop_ratio as decimal(24, 8)) as deposit_adb_drop_ratio,
        cast(parties.days_since_last_visit as integer) as days_since_last_visit,
        cast(parties.allowed_days_between_visits as integer) as allowed_days_between_visits,
        parties.last_visit_date,
        compared.previous_as_of_date,
        cast(seed_versions.seeds_fingerprint as {{ text }}) as seeds_fingerprint,
        cast('{{ invocation_id }}' as {{ text }}) as invocation_id
    from actions
    inner join parties
        on
            actions.population = parties.population
            and actions.party_id = parties.party_id
    inner join action_types
        on
            actions.action_code = action_types.action_code
            and actions.trigger_code = action_types.trigger_code
    left join compared
        on
            actions.population = 'existing'
            and actions.party_id = compared.customer_id
    cross join seed_versions

)

select * from final
