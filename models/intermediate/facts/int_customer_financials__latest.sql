{#- The financials each customer is sized by (docs/segmentation_rules.md §3, §13.3): the latest fiscal year
    with a statement received on or before as_of_date, and of that year the latest such
    statement (a restatement replaces the earlier one; one received after as_of_date is
    ignored, so a late filer keeps its previous year). Zero revenue is used (and was
    flagged in staging). -#}
{%- set window = lookback_window() %}

with financials as (

    select
        customer_id,
        fiscal_year,
        report_date,
        annual_revenue_cny,
        total_assets_cny,
        employee_count
    from {{ ref('stg_ecif__customer_financials') }}
    where report_date <= {{ date_literal(window.as_of) }}

),

ranked as (

    select
        customer_id,
        fiscal_year,
        report_date,
        annual_revenue_cny,
        total_assets_cny,
        employee_count,
        row_number() over (partition by customer_id order by fiscal_year desc, report_date desc) as recency
    from financials

),

final as (

    select
        customer_id,
        fiscal_year as financials_fiscal_year,
        report_date as financials_report_date,
        annual_revenue_cny,
        total_assets_cny,
        employee_count
    from ranked
    where recency = 1

)

select * from final
