{#- The indicators that raise and lower each customer's bank value score most, against the
    median of its 分层客户群 (docs/segmentation_rules.md §8.1, §13.33): for an existing
    customer the eleven indicators of 银行对存量客户价值 (group as_of_date x credit_status x
    market_class x tier_code, across regions), for a target prospect the four of 银行对目标
    客户价值 (group as_of_date x market_class x tier_code). An indicator's contribution is its
    effective weight (the weights seed rescaled over the indicators the customer has a
    value for, as the score does) times its score minus the group's median score of that
    indicator; the three largest positive ones raise the score, the three most negative
    ones lower it. The median is exact and the same on every engine: the middle row, or
    the mean of the two middle rows, of the scores ordered within the group. -#}
{%- set bank_value = weight_components()['bank_value'] %}
{%- set target_bank_value = weight_components()['target_bank_value'] %}

with customers as (

    select
        as_of_date,
        customer_id,
        credit_status,
        market_class,
        tier_code
    from {{ ref('int_customers__segmented') }}

),

customer_scores as (

    select
        customer_id,
        {%- for indicator in bank_value %}
            {{ indicator }}_score{% if not loop.last %},{% endif %}
        {%- endfor %}
    from {{ ref('int_customer_indicators__scored') }}

),

prospects as (

    select
        as_of_date,
        prospect_id,
        market_class,
        tier_code
    from {{ ref('int_prospects__segmented') }}

),

prospect_scores as (

    select
        prospect_id,
        {%- for indicator in target_bank_value %}
            {{ indicator }}_score{% if not loop.last %},{% endif %}
        {%- endfor %}
    from {{ ref('int_prospects__valued') }}

),

weights as (

    select
        weight_group,
        component,
        weight
    from {{ ref('weights') }}

),

labels as (

    select
        code,
        label_zh,
        label_en
    from {{ ref('labels') }}
    where code_type = 'indicator'

),

-- one row per customer and bank_value component of the weights seed
customer_indicators as (

    select
        customers.as_of_date,
        customers.customer_id,
        'existing' as population,
        customers.credit_status,
        customers.market_class,
        customers.tier_code,
        weights.component as indicator,
        cast(
            case weights.component
                {% for indicator in bank_value -%}
                    when '{{ indicator }}' then customer_scores.{{ indicator }}_score
                {% endfor -%}
            end as {{ type_double() }}
        ) as customer_score,
        cast(weights.weight as {{ type_double() }}) as weight
    from customers
    inner join customer_scores
        on customers.customer_id = customer_scores.customer_id
    inner join weights
        on weights.weight_group = 'bank_value'

),

-- one row per target prospect and target_bank_value component of the weights seed
prospect_indicators as (

    select
        prospects.as_of_date,
        prospects.prospect_id as customer_id,
        'target' as population,
        cast(null as {{ dbt.type_string() }}) as credit_status,
        prospects.market_class,
        prospects.tier_code,
        weights.component as indicator,
        cast(
            case weights.component
                {% for indicator in target_bank_value -%}
                    when '{{ indicator }}' then prospect_scores.{{ indicator }}_score
                {% endfor -%}
            end as {{ type_double() }}
        ) as customer_score,
        cast(weights.weight as {{ type_double() }}) as weight
    from prospects
    inner join prospect_scores
        on prospects.prospect_id = prospect_scores.prospect_id
    inner join weights
        on weights.weight_group = 'target_bank_value'

),

-- an indicator without a value for the customer is left out
indicator_scores as (

    select * from customer_indicators
    where customer_score is not null

    union all

    select * from prospect_indicators
    where customer_score is not null

),

-- each score's place among the group's scores of the same indicator
ordered as (

    select
        *,
        row_number() over (
            partition by
                population, as_of_date, credit_status, market_class, tier_code, indicator
            order by customer_score, customer_id
        ) as score_position,
        count(*) over (
            partition by population, as_of_date, credit_status, market_class, tier_code, indicator
        ) as scored_count,
        sum(weight) over (partition by population, as_of_date, customer_id) as weight_sum
    from indicator_scores

),

-- exact median: the middle score (odd count) or the mean of the two middle scores (even
-- count), that is the positions p with 2p between count and count + 2
medians as (

    select
        *,
        avg(
            case
                when 2 * score_position between scored_count and scored_count + 2 then customer_score
            end
        ) over (
            partition by population, as_of_date, credit_status, market_class, tier_code, indicator
        ) as group_median_score,
        weight / weight_sum as effective_weight
    from ordered

),

contributions as (

    select
        as_of_date,
        customer_id,
        population,
        indicator,
        customer_score,
        group_median_score,
        effective_weight,
        -- 6 decimals absorb floating-point noise, so that ranks and engines agree (§13.27)
        {{ round_number('effective_weight * (customer_score - group_median_score)', 6) }} as contribution
    from medians

),

ranked as (

    select
        *,
        case when contribution > 0 then 'raises' else 'lowers' end as direction,
        row_number() over (
            partition by population, as_of_date, customer_id, case when contribution > 0 then 1 else 0 end
            order by abs(contribution) desc, indicator
        ) as driver_rank
    from contributions
    where contribution <> 0

),

final as (

    select
        ranked.as_of_date,
        ranked.customer_id,
        ranked.population,
        ranked.direction,
        ranked.driver_rank,
        ranked.indicator,
        labels.label_zh as indicator_label_zh,
        labels.label_en as indicator_label_en,
        -- stored rounded (scores at 6 decimals, weights at 10) so that engines agree; the
        -- contribution is computed from the values before rounding
        {{ round_number('ranked.customer_score', 6) }} as customer_score,
        {{ round_number('ranked.group_median_score', 6) }} as group_median_score,
        {{ round_number('ranked.effective_weight', 10) }} as effective_weight,
        ranked.contribution
    from ranked
    left join labels
        on ranked.indicator = labels.code
    where ranked.driver_rank <= 3

)

select * from final
