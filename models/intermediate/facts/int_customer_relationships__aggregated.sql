{#- The relationship facts of each customer from the CRM and the credit bureau (docs/segmentation_rules.md §6,
    §13.3, §13.8): the latest satisfaction survey dated in W (same day: the highest
    survey_id), the points of the distinct agreement types in force on as_of_date
    (sign_date <= as_of_date, expiry null or >= as_of_date), and the all-banks credit
    total of the latest bureau month on or before as_of_date. One row per customer with
    any of them. -#}
{%- set window = lookback_window() %}
{%- set as_of = date_literal(window.as_of) %}

with surveys as (

    select
        survey_id,
        customer_id,
        survey_date,
        score
    from {{ ref('stg_crm__satisfaction_surveys') }}
    where
        survey_date >= {{ date_literal(window.start) }}
        and survey_date <= {{ as_of }}

),

agreements as (

    select
        customer_id,
        agreement_type
    from {{ ref('stg_crm__agreements') }}
    where
        sign_date <= {{ as_of }}
        and (expiry_date is null or expiry_date >= {{ as_of }})

),

agreement_points as (

    select
        agreement_type,
        points
    from {{ ref('agreement_points') }}

),

bureau as (

    select
        customer_id,
        report_month,
        total_credit_balance_cny
    from {{ ref('stg_bureau__credit_summary') }}
    where report_month <= {{ as_of }}

),

latest_surveys as (

    select
        customer_id,
        score as latest_survey_score
    from (
        select
            customer_id,
            score,
            row_number() over (partition by customer_id order by survey_date desc, survey_id desc) as recency
        from surveys
    ) as ranked
    where recency = 1

),

agreement_totals as (

    select
        in_force.customer_id,
        sum(agreement_points.points) as agreement_points
    from (select distinct
        customer_id,
        agreement_type
    from agreements) as in_force
    inner join agreement_points
        on in_force.agreement_type = agreement_points.agreement_type
    group by in_force.customer_id

),

latest_bureau as (

    select
        customer_id,
        report_month as bureau_report_month,
        total_credit_balance_cny as bureau_total_credit_balance_cny
    from (
        select
            customer_id,
            report_month,
            total_credit_balance_cny,
            row_number() over (partition by customer_id order by report_month desc) as recency
        from bureau
    ) as ranked
    where recency = 1

),

customers as (

    select customer_id from latest_surveys
    union
    select customer_id from agreement_totals
    union
    select customer_id from latest_bureau

),

final as (

    select
        customers.customer_id,
        latest_surveys.latest_survey_score,
        latest_bureau.bureau_report_month,
        latest_bureau.bureau_total_credit_balance_cny,
        coalesce(agreement_totals.agreement_points, 0) as agreement_points
    from customers
    left join latest_surveys
        on customers.customer_id = latest_surveys.customer_id
    left join agreement_totals
        on customers.customer_id = agreement_totals.customer_id
    left join latest_bureau
        on customers.customer_id = latest_bureau.customer_id

)

select * from final
