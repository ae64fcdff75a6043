{#- The six components of profit contribution (利润贡献度, docs/segmentation_rules.md §5), one macro per
    formula. Each takes column expressions holding the window's sums and the
    parameters, and returns the component in CNY rounded to cents half away from zero
    (docs/segmentation_rules.md §13.7): every division happens once, in money_quotient. -#}

{#- amount x factor x factor ... exactly enough for money on every engine: the amount (a
    sum over W) is held at 12 decimals and each factor (a rate, weight or day count) at 8,
    and each product is brought back to 12 decimals before the next, so no DECIMAL(38)
    overflows. -#}
{% macro decimal_product(amount, factors) -%}
    {%- set ns = namespace(expression="cast(" ~ amount ~ " as decimal(38,12))") -%}
    {%- for factor in factors -%}
        {%- set ns.expression = "cast(" ~ ns.expression ~ " * cast(" ~ factor ~ " as decimal(18,8)) as decimal(38,12))" -%}
    {%- endfor -%}
    {{ ns.expression }}
{%- endmacro %}

{#- 贷款内部转移净收入: sum over W of b x (customer_rate - ftp_rate), on-balance loans,
    over the interest day-count basis. -#}
{% macro loan_ftp_net_income(spread_sum, interest_day_count_basis) -%}
    {{ money_quotient(spread_sum, interest_day_count_basis) }}
{%- endmacro %}

{#- 存款内部转移净收入: sum over W of b x (ftp_rate - customer_rate), over the interest
    day-count basis. -#}
{% macro deposit_ftp_net_income(spread_sum, interest_day_count_basis) -%}
    {{ money_quotient(spread_sum, interest_day_count_basis) }}
{%- endmacro %}

{#- 中间业务净收入: the fees dated in W, reversals included. -#}
{% macro fee_net_income(fee_sum) -%}
    {{ round_money(fee_sum) }}
{%- endmacro %}

{#- 资本成本分摊: sum over W of b x CCF x risk weight, times the capital ratio target and
    the cost of capital, over the cost day-count basis. -#}
{% macro capital_cost(capital_base_sum, capital_ratio_target, cost_of_capital, cost_day_count_basis) -%}
    {{ money_quotient(decimal_product(capital_base_sum, [capital_ratio_target, cost_of_capital]), cost_day_count_basis) }}
{%- endmacro %}

{#- 运营成本分摊（含税费）: account-days x annual cost over the cost basis, plus the
    transactions' channel costs, plus the interest tax on on-balance interest (sum of
    b x customer_rate over the interest basis), plus the fee tax on positive fees. The
    two divisions are brought over one denominator so the sum is rounded once. -#}
{% macro operating_cost(account_cost_base, transaction_cost, loan_interest_sum, positive_fee_sum,
                        tax_rate_interest, tax_rate_fee, interest_day_count_basis, cost_day_count_basis) -%}
    {%- set fixed_costs = "(cast(" ~ transaction_cost ~ " as decimal(38,12)) + "
        ~ decimal_product(positive_fee_sum, [tax_rate_fee]) ~ ")" -%}
    {{ money_quotient(
        "(" ~ decimal_product(account_cost_base, [interest_day_count_basis])
        ~ " + " ~ decimal_product(loan_interest_sum, [tax_rate_interest, cost_day_count_basis])
        ~ " + " ~ decimal_product(fixed_costs, [cost_day_count_basis, interest_day_count_basis]) ~ ")",
        "(" ~ cost_day_count_basis ~ " * " ~ interest_day_count_basis ~ ")") }}
{%- endmacro %}

{#- 信贷成本分摊: sum over W of b x CCF x PD x LGD over the cost basis, PD being 1 on a
    non-performing day and the customer's rating PD on the others. -#}
{% macro credit_cost(non_performing_loss_base_sum, performing_loss_base_sum, pd, cost_day_count_basis) -%}
    {{ money_quotient(
        "(cast(" ~ non_performing_loss_base_sum ~ " as decimal(38,12)) + "
        ~ decimal_product(performing_loss_base_sum, [pd]) ~ ")",
        cost_day_count_basis) }}
{%- endmacro %}

{#- 利润贡献度: the sum of the rounded components (docs/segmentation_rules.md §13.7). -#}
{% macro profit_contribution(loan_ftp_net_income, deposit_ftp_net_income, fee_net_income,
                             capital_cost, operating_cost, credit_cost) -%}
    ({{ loan_ftp_net_income }} + {{ deposit_ftp_net_income }} + {{ fee_net_income }}
     - {{ capital_cost }} - {{ operating_cost }} - {{ credit_cost }})
{%- endmacro %}
