{#- Lifecycle stage and risk grade of every in-scope customer (docs/segmentation_rules.md §9, §13.10, §13.11,
    §13.20). Lifecycle, the first that applies: churned (closed on as_of_date, or no open
    account and no credit balance), dormant (an open deposit account, a relationship at
    least dormant_days old and no transaction in the last dormant_days), new (relationship
    younger than new_customer_days), loyal (past the loyal_min_tenure_years-th
    anniversary, 29 February falling on 28 February, and a transaction in at least
    loyal_min_active_months of the last loyal_lookback_months calendar months), else
    active. Risk: high with a non-performing exposure on as_of_date, else the latest
    rating's grade, not_rated without a rating. -#}

with customers as (

    select
        as_of_date,
        customer_id,
        relationship_start_date,
        is_closed_on_as_of
    from {{ ref('int_customers__in_scope') }}

),

indicators as (

    select
        customer_id,
        open_account_count,
        has_credit_balance_on_as_of,
        has_non_performing_on_as_of,
        last_transaction_date,
        active_month_count
    from {{ ref('int_customer_indicators__valued') }}

),

parameters as (

    select
        customer_id,
        dormant_days,
        new_customer_days,
        loyal_min_tenure_years,
        loyal_lookback_months,
        loyal_min_active_months
    from {{ ref('int_customer_parameters__resolved') }}

),

ratings as (

    select
        customer_id,
        rating,
        rating_date,
        risk_grade
    from {{ ref('int_customer_ratings__latest') }}

),

facts as (

    select
        customers.as_of_date,
        customers.customer_id,
        customers.is_closed_on_as_of,
        indicators.open_account_count,
        indicators.has_credit_balance_on_as_of,
        indicators.has_non_performing_on_as_of,
        indicators.active_month_count,
        parameters.dormant_days,
        parameters.new_customer_days,
        parameters.loyal_min_active_months,
        ratings.rating,
        ratings.rating_date,
        ratings.risk_grade as rating_risk_grade,
        parameters.loyal_min_tenure_years,
        parameters.loyal_lookback_months,
        {{ dbt.datediff('customers.relationship_start_date', 'customers.as_of_date', 'day') }} -- noqa: LT05
            as relationship_days,
        {{ dbt.datediff('indicators.last_transaction_date', 'customers.as_of_date', 'day') }} -- noqa: LT05
            as days_since_last_transaction,
        cast(
            {{ dbt.dateadd('year', 'parameters.loyal_min_tenure_years', 'customers.relationship_start_date') }}
            as date
        ) as loyal_anniversary_date
    from customers
    inner join indicators
        on customers.customer_id = indicators.customer_id
    inner join parameters
        on customers.customer_id = parameters.customer_id
    left join ratings
        on customers.customer_id = ratings.customer_id

),

final as (

    select
        as_of_date,
        customer_id,
        is_closed_on_as_of,
        open_account_count,
        has_credit_balance_on_as_of,
        has_non_performing_on_as_of,
        relationship_days,
        days_since_last_transaction,
        active_month_count,
        loyal_anniversary_date,
        dormant_days,
        new_customer_days,
        loyal_min_tenure_years,
        loyal_lookback_months,
        loyal_min_active_months,
        rating,
        rating_date,
        case
            when is_closed_on_as_of or (open_account_count = 0 and not has_credit_balance_on_as_of) then 'churned'
            when
                open_account_count > 0
                and relationship_days >= dormant_days
                and (days_since_last_transaction is null or days_since_last_transaction >= dormant_days)
                then 'dormant'
            when relationship_days < new_customer_days then 'new'
            when as_of_date >= loyal_anniversary_date and active_month_count >= loyal_min_active_months then 'loyal'
            else 'active'
        end as lifecycle_stage,
        case
            when has_non_performing_on_as_of then 'high'
            else coalesce(rating_risk_grade, 'not_rated')
        end as risk_grade
    from facts

)

select * from final
