{#- 分类 of every in-scope customer (docs/segmentation_rules.md §2, §13.3, §13.6): credit status (a native
    balance > 0 on as_of_date), market class, and for with-credit corporate customers the
    market segment (real estate, else emerging by tag or industry, else traditional) and
    the emerging subtype (the first of internet, iot, mobile_payment among the tags dated
    on or before as_of_date and the industry mapping together); beside the path,
    cross-border and strategic-group membership on as_of_date, and the industry facts the
    tiering reads. -#}

with customers as (

    select
        as_of_date,
        customer_id,
        customer_kind,
        industry_code,
        branch_id,
        group_id,
        is_cross_border
    from {{ ref('int_customers__in_scope') }}

),

indicators as (

    select
        customer_id,
        credit_balance_cny,
        has_credit_balance_on_as_of
    from {{ ref('int_customer_indicators__valued') }}

),

tags as (

    select
        customer_id,
        tag,
        tagged_date
    from {{ ref('stg_ecif__customer_tags') }}

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

customer_tags as (

    select
        customers.customer_id,
        max(case when tags.tag = 'internet' then 1 else 0 end) = 1 as has_internet_tag,
        max(case when tags.tag = 'iot' then 1 else 0 end) = 1 as has_iot_tag,
        max(case when tags.tag = 'mobile_payment' then 1 else 0 end) = 1 as has_mobile_payment_tag
    from customers
    inner join tags
        on customers.customer_id = tags.customer_id and customers.as_of_date >= tags.tagged_date
    group by customers.customer_id

),

strategic_members as (

    select distinct customers.customer_id
    from customers
    inner join strategic_groups
        on {{ strategic_on('strategic_groups', 'customers.group_id', 'customers.as_of_date') }}

),

attributes as (

    select
        customers.as_of_date,
        customers.customer_id,
        customers.customer_kind,
        customers.branch_id,
        customers.is_cross_border,
        customers.industry_code,
        customers.group_id,
        indicators.credit_balance_cny,
        industries.industry_emerging_subtype,
        industries.industry_group,
        industries.is_reduced_threshold,
        industries.is_real_estate,
        strategic_members.customer_id is not null as is_strategic,
        coalesce(indicators.has_credit_balance_on_as_of, false) as has_credit,
        customers.customer_kind = 'enterprise' as is_corporate,
        coalesce(customer_tags.has_internet_tag, false)
        or coalesce(industries.industry_emerging_subtype = 'internet', false) as is_internet,
        coalesce(customer_tags.has_iot_tag, false)
        or coalesce(industries.industry_emerging_subtype = 'iot', false) as is_iot,
        coalesce(customer_tags.has_mobile_payment_tag, false)
        or coalesce(industries.industry_emerging_subtype = 'mobile_payment', false) as is_mobile_payment,
        case
            when customer_tags.has_internet_tag then 'internet'
            when customer_tags.has_iot_tag then 'iot'
            when customer_tags.has_mobile_payment_tag then 'mobile_payment'
        end as emerging_tag_subtype
    from customers
    inner join industries
        on coalesce(customers.industry_code, '') = industries.industry_code
    left join indicators
        on customers.customer_id = indicators.customer_id
    left join customer_tags
        on customers.customer_id = customer_tags.customer_id
    left join strategic_members
        on customers.customer_id = strategic_members.customer_id

),

final as (

    select
        as_of_date,
        customer_id,
        branch_id,
        is_cross_border,
        is_strategic,
        industry_group,
        is_reduced_threshold,
        industry_code,
        group_id,
        industry_emerging_subtype,
        emerging_tag_subtype,
        credit_balance_cny,
        customer_kind as institution_type,
        case when has_credit then 'with_credit' else 'without_credit' end as credit_status,
        case when is_corporate then 'corporate' else 'institutional' end as market_class,
        case
            when not (has_credit and is_corporate) then null
            when is_real_estate then 'real_estate'
            when is_internet or is_iot or is_mobile_payment then 'emerging'
            else 'traditional'
        end as market_segment,
        case
            when not (has_credit and is_corporate) or is_real_estate then null
            when is_internet then 'internet'
            when is_iot then 'iot'
            when is_mobile_payment then 'mobile_payment'
        end as emerging_subtype
    from attributes

)

select * from final
