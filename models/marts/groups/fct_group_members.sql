{#- Every member of every group (集团) once per as_of_date (docs/segmentation_rules.md §14): in-scope customers
    and target prospects whose group_id is set, each with its tier, segment, risk grade,
    region and branch (the segment marts' slice of the members' as_of_date: the run's), its credit
    balance, credit exposure, deposit ADB and profit contribution (customers only: a
    prospect has no balances with the bank, so its figures are null), and its share of
    the group's total of credit exposure, deposit ADB and profit contribution (null where
    that total is 0, and for prospects). BI-facing. -#}
{%- set coded = [['tier_code', 'tier_code'], ['segment_code', 'segment_code'], ['risk_grade', 'risk_grade']] %}

with members as (

    select
        as_of_date,
        group_id,
        member_type,
        member_id,
        credit_exposure_cny
    from {{ ref('int_group_members__collected') }}

),

customer_segments as (

    select
        as_of_date,
        customer_id,
        branch_id,
        region_code,
        tier_code,
        segment_code,
        risk_grade,
        profit_contribution
    from {{ ref('fct_customer_segments') }}

),

customer_metrics as (

    select
        as_of_date,
        customer_id,
        credit_balance_cny,
        deposit_adb_cny
    from {{ ref('fct_customer_metrics') }}

),

prospect_segments as (

    select
        as_of_date,
        prospect_id,
        branch_id,
        region_code,
        tier_code,
        segment_code
    from {{ ref('fct_prospect_segments') }}

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

customer_members as (

    select
        members.as_of_date,
        members.group_id,
        members.member_type,
        members.member_id,
        customer_segments.branch_id,
        customer_segments.region_code,
        customer_segments.tier_code,
        customer_segments.segment_code,
        customer_segments.risk_grade,
        customer_metrics.credit_balance_cny,
        members.credit_exposure_cny,
        customer_metrics.deposit_adb_cny,
        customer_segments.profit_contribution
    from members
    inner join customer_segments
        on
            members.as_of_date = customer_segments.as_of_date
            and members.member_id = customer_segments.customer_id
    inner join customer_metrics
        on
            members.as_of_date = customer_metrics.as_of_date
            and members.member_id = customer_metrics.customer_id
    where members.member_type = 'customer'

),

prospect_members as (

    select
        members.as_of_date,
        members.group_id,
        members.member_type,
        members.member_id,
        prospect_segments.branch_id,
        prospect_segments.region_code,
        prospect_segments.tier_code,
        prospect_segments.segment_code,
        cast(null as {{ dbt.type_string() }}) as risk_grade,
        cast(null as decimal(38, 10)) as credit_balance_cny,
        cast(null as decimal(20, 2)) as credit_exposure_cny,
        cast(null as decimal(24, 6)) as deposit_adb_cny,
        cast(null as decimal(25, 2)) as profit_contribution
    from members
    inner join prospect_segments
        on
            members.as_of_date = prospect_segments.as_of_date
            and members.member_id = prospect_segments.prospect_id
    where members.member_type = 'prospect'

),

grouped as (

    select * from customer_members
    union all
    select * from prospect_members

),

with_totals as (

    select
        grouped.*,
        sum(grouped.credit_exposure_cny) over (partition by grouped.group_id) as group_credit_exposure_cny,
        sum(grouped.deposit_adb_cny) over (partition by grouped.group_id) as group_deposit_adb_cny,
        sum(grouped.profit_contribution) over (partition by grouped.group_id) as group_profit_contribution
    from grouped

),

final as (

    select
        with_totals.as_of_date,
        cast(with_totals.group_id as {{ dbt.type_string() }}) as group_id,
        cast(with_totals.member_type as {{ dbt.type_string() }}) as member_type,
        cast(with_totals.member_id as {{ dbt.type_string() }}) as member_id,
        cast(with_totals.branch_id as {{ dbt.type_string() }}) as branch_id,
        cast(with_totals.region_code as {{ dbt.type_string() }}) as region_code,
        cast(with_totals.tier_code as {{ dbt.type_string() }}) as tier_code,
        cast(with_totals.segment_code as {{ dbt.type_string() }}) as segment_code,
        cast(with_totals.risk_grade as {{ dbt.type_string() }}) as risk_grade,
        cast(with_totals.credit_balance_cny as decimal(38, 10)) as credit_balance_cny,
        cast(with_totals.credit_exposure_cny as decimal(38, 2)) as credit_exposure_cny,
        cast(with_totals.deposit_adb_cny as decimal(38, 6)) as deposit_adb_cny,
        cast(with_totals.profit_contribution as decimal(38, 2)) as profit_contribution,
        cast(
            {{ signed_share('with_totals.credit_exposure_cny', 'with_totals.group_credit_exposure_cny') }}
            as decimal(20, 8)
        ) as credit_exposure_share,
        cast(
            {{ signed_share('with_totals.deposit_adb_cny', 'with_totals.group_deposit_adb_cny') }}
            as decimal(20, 8)
        ) as deposit_adb_share,
        cast(
            {{ signed_share('with_totals.profit_contribution', 'with_totals.group_profit_contribution') }}
            as decimal(20, 8)
        ) as profit_share,
        {{- label_columns(coded) }},
        cast(seed_versions.seeds_fingerprint as {{ dbt.type_string() }}) as seeds_fingerprint,
        cast('{{ invocation_id }}' as {{ dbt.type_string() }}) as invocation_id
    from with_totals
    {{- label_joins('with_totals', coded) }}
    cross join seed_versions

)

select * from final
