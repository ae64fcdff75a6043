{#- Every group (集团) once per as_of_date (docs/segmentation_rules.md §14): its members that are customers
    and that are target prospects, the regions they sit in, whether it is on the strategic
    list on as_of_date (strategic_groups, read with strategic_on as the tiering reads it),
    since when and until when, the sums of its customers' credit balance, credit exposure,
    deposit ADB and profit contribution, the highest tier and the worst risk grade of its
    members, one count per segment (the segment mix), and its share of the bank's credit
    exposure (concentration: the group's exposure over the sum over every in-scope
    customer). Built from fct_group_members' slice of the run's as_of_date. BI-facing. -#}
{%- set as_of = date_literal(as_of_date()) %}
{%- set month_after = date_literal(next_month_start(as_of_date())) %}
{%- set tiers = tier_order() %}
{%- set grades = risk_grade_order() %}
{%- set coded = [['highest_tier_code', 'tier_code'], ['worst_risk_grade', 'risk_grade']] %}

with members as (

    select
        as_of_date,
        group_id,
        member_type,
        region_code,
        tier_code,
        segment_code,
        risk_grade,
        credit_balance_cny,
        credit_exposure_cny,
        deposit_adb_cny,
        profit_contribution
    from {{ ref('fct_group_members') }}
    where as_of_date = {{ as_of }}

),

strategic_groups as (

    select
        group_id,
        group_name,
        effective_from,
        effective_to
    from {{ ref('strategic_groups') }}

),

bank_exposure as (

    select sum(credit_exposure_cny) as credit_exposure_cny
    from {{ ref('int_customer_exposures__weighted') }}

),

labels as (

    select
        code_type,
        code,
        label_zh
    from {{ ref('labels') }}

),

seed_versions as (

    select distinct seeds_fingerprint
    from {{ ref('int_controls__validated') }}

),

group_totals as (

    select
        as_of_date,
        group_id,
        sum(case when member_type = 'customer' then 1 else 0 end) as customer_members,
        sum(case when member_type = 'prospect' then 1 else 0 end) as prospect_members,
        count(distinct region_code) as region_count,
        coalesce(sum(credit_balance_cny), 0) as credit_balance_cny,
        coalesce(sum(credit_exposure_cny), 0) as credit_exposure_cny,
        coalesce(sum(deposit_adb_cny), 0) as deposit_adb_cny,
        coalesce(sum(profit_contribution), 0) as profit_contribution,
        min({{ code_position('tier_code', tiers) }}) as highest_tier_position,
        min(case when member_type = 'customer' then {{ code_position('risk_grade', grades) }} end)
            as worst_risk_grade_position,
        {{- segment_mix_counts() }}
    from members
    group by as_of_date, group_id

),

summarised as (

    select
        group_totals.*,
        listed_groups.group_name,
        holding_windows.effective_from as strategic_since,
        holding_windows.effective_to as strategic_until,
        holding_windows.group_id is not null as is_strategic,
        coalesce(holding_windows.effective_to < {{ month_after }}, false) as is_strategic_ending_this_month,
        {{ code_at_position('group_totals.highest_tier_position', tiers) }} as highest_tier_code,
        {{ code_at_position('group_totals.worst_risk_grade_position', grades) }} as worst_risk_grade,
        {{ signed_share('group_totals.credit_exposure_cny', 'bank_exposure.credit_exposure_cny') }}
            as exposure_concentration
    from group_totals
    cross join bank_exposure
    left join strategic_groups as listed_groups
        on group_totals.group_id = listed_groups.group_id
    left join strategic_groups as holding_windows
        on {{ strategic_on('holding_windows', 'group_totals.group_id', 'group_totals.as_of_date') }}

),

final as (

    select
        summarised.as_of_date,
        cast(summarised.group_id as {{ dbt.type_string() }}) as group_id,
        cast(summarised.group_name as {{ dbt.type_string() }}) as group_name,
        cast(summarised.highest_tier_code as {{ dbt.type_string() }}) as highest_tier_code,
        cast(summarised.worst_risk_grade as {{ dbt.type_string() }}) as worst_risk_grade,
        cast(summarised.customer_members as bigint) as customer_members,
        cast(summarised.prospect_members as bigint) as prospect_members,
        cast(summarised.region_count as bigint) as region_count,
        {{- segment_mix_columns('summarised') }},
        cast(summarised.credit_balance_cny as decimal(38, 10)) as credit_balance_cny,
        cast(summarised.credit_exposure_cny as decimal(38, 2)) as credit_exposure_cny,
        cast(summarised.deposit_adb_cny as decimal(38, 6)) as deposit_adb_cny,
        cast(summarised.profit_contribution as decimal(38, 2)) as profit_contribution,
        cast(summarised.exposure_concentration as decimal(20, 8)) as exposure_concentration,
        summarised.is_strategic,
        summarised.is_strategic_ending_this_month,
        summarised.strategic_since,
        summarised.strategic_until,
        {{- label_columns(coded) }},
        cast(seed_versions.seeds_fingerprint as {{ dbt.type_string() }}) as seeds_fingerprint,
        cast('{{ invocation_id }}' as {{ dbt.type_string() }}) as invocation_id
    from summarised
    {{- label_joins('summarised', coded) }}
    cross join seed_versions

)

select * from final
