{#- 客户群细分 of every in-scope customer (docs/segmentation_rules.md §8, §13.9): within its 分层客户群
    (as_of_date x credit_status x market_class x tier_code, across regions) the percent
    rank of its profit contribution (x, in cents) and of its bank value score (y, at 6
    decimals); each dimension is high when it reaches the customer's own cutoff (its
    branch's resolved row for the existing population and its tier), and the matrix seed
    maps the two bands to the segment. -#}

with customers as (

    select * from {{ ref('int_customers__tiered') }}

),

profitability as (

    select
        customer_id,
        profit_contribution
    from {{ ref('int_customer_profitability__computed') }}

),

indicators as (

    select
        customer_id,
        bank_value_score
    from {{ ref('int_customer_indicators__scored') }}

),

cutoffs as (

    select
        branch_id,
        region_code,
        tier_code,
        dimension,
        cutoff_method,
        cutoff_value
    from {{ ref('int_branch_segment_cutoffs__resolved') }}
    where population = 'existing'

),

matrix as (

    select
        x_band,
        y_band,
        segment_code
    from {{ ref('segment_matrix') }}
    where population = 'existing'

),

ranked as (

    select
        customers.*,
        profitability.profit_contribution,
        indicators.bank_value_score,
        percent_rank() over (
            partition by customers.as_of_date, customers.credit_status, customers.market_class, customers.tier_code
            order by profitability.profit_contribution
        ) as profit_percent_rank,
        percent_rank() over (
            partition by customers.as_of_date, customers.credit_status, customers.market_class, customers.tier_code
            order by {{ round_number('indicators.bank_value_score', 6) }}
        ) as bank_value_percent_rank
    from customers
    inner join profitability
        on customers.customer_id = profitability.customer_id
    inner join indicators
        on customers.customer_id = indicators.customer_id

),

banded as (

    select
        ranked.*,
        x_cutoffs.region_code,
        {{ segment_band('ranked.profit_contribution', 'ranked.profit_percent_rank',
                        'x_cutoffs.cutoff_method', 'x_cutoffs.cutoff_value') }} as profit_band,
        {{ segment_band('ranked.bank_value_score', 'ranked.bank_value_percent_rank',
                        'y_cutoffs.cutoff_method', 'y_cutoffs.cutoff_value') }} as bank_value_band
    from ranked
    inner join cutoffs as x_cutoffs
        on {{ cutoff_applies('x_cutoffs', 'ranked', 'x') }}
    inner join cutoffs as y_cutoffs
        on {{ cutoff_applies('y_cutoffs', 'ranked', 'y') }}

),

final as (

    select
        banded.as_of_date,
        banded.customer_id,
        banded.branch_id,
        banded.region_code,
        banded.credit_status,
        banded.market_class,
        banded.institution_type,
        banded.market_segment,
        banded.emerging_subtype,
        banded.is_cross_border,
        banded.is_strategic,
        banded.tier_code,
        banded.tier_basis,
        banded.has_zero_revenue,
        banded.profit_contribution,
        banded.bank_value_score,
        banded.profit_percent_rank,
        banded.bank_value_percent_rank,
        banded.profit_band,
        banded.bank_value_band,
        matrix.segment_code
    from banded
    inner join matrix
        on banded.profit_band = matrix.x_band and banded.bank_value_band = matrix.y_band

)

select * from final
