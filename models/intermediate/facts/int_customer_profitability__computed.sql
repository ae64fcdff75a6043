{#- Profit contribution (利润贡献度) of every in-scope customer over W, component by
    component (docs/segmentation_rules.md §5), each by its formula macro with the customer's own parameters
    (branch over region over global). A customer without a given activity has 0 for
    that component; the contribution may be negative. -#}

with customers as (

    select
        as_of_date,
        customer_id
    from {{ ref('int_customers__in_scope') }}

),

parameters as (

    select
        customer_id,
        capital_ratio_target,
        cost_of_capital,
        tax_rate_interest,
        tax_rate_fee,
        interest_day_count_basis,
        cost_day_count_basis
    from {{ ref('int_customer_parameters__resolved') }}

),

deposits as (

    select
        customer_id,
        deposit_ftp_spread_sum_cny
    from {{ ref('int_customer_deposits__aggregated') }}

),

credit as (

    select
        customer_id,
        loan_ftp_spread_sum_cny,
        loan_interest_sum_cny,
        capital_base_sum_cny,
        non_performing_loss_base_sum_cny,
        performing_loss_base_sum_cny,
        rating_pd
    from {{ ref('int_customer_credit__aggregated') }}

),

accounts as (

    select
        customer_id,
        account_cost_base_cny,
        transaction_cost_cny
    from {{ ref('int_customer_accounts__aggregated') }}

),

fees as (

    select
        customer_id,
        fee_amount_cny,
        positive_fee_amount_cny
    from {{ ref('int_customer_fees__aggregated') }}

),

inputs as (

    select
        customers.as_of_date,
        customers.customer_id,
        parameters.capital_ratio_target,
        parameters.cost_of_capital,
        parameters.tax_rate_interest,
        parameters.tax_rate_fee,
        parameters.interest_day_count_basis,
        parameters.cost_day_count_basis,
        coalesce(deposits.deposit_ftp_spread_sum_cny, 0) as deposit_ftp_spread_sum_cny,
        coalesce(credit.loan_ftp_spread_sum_cny, 0) as loan_ftp_spread_sum_cny,
        coalesce(credit.loan_interest_sum_cny, 0) as loan_interest_sum_cny,
        coalesce(credit.capital_base_sum_cny, 0) as capital_base_sum_cny,
        coalesce(credit.non_performing_loss_base_sum_cny, 0) as non_performing_loss_base_sum_cny,
        coalesce(credit.performing_loss_base_sum_cny, 0) as performing_loss_base_sum_cny,
        -- every staged customer has a PD (its rating's, else the scale's unrated row);
        -- without credit the loss bases are 0 and the PD does not matter
        coalesce(credit.rating_pd, 0) as pd,
        coalesce(accounts.account_cost_base_cny, 0) as account_cost_base_cny,
        coalesce(accounts.transaction_cost_cny, 0) as transaction_cost_cny,
        coalesce(fees.fee_amount_cny, 0) as fee_amount_cny,
        coalesce(fees.positive_fee_amount_cny, 0) as positive_fee_amount_cny
    from customers
    inner join parameters
        on customers.customer_id = parameters.customer_id
    left join deposits
        on customers.customer_id = deposits.customer_id
    left join credit
        on customers.customer_id = credit.customer_id
    left join accounts
        on customers.customer_id = accounts.customer_id
    left join fees
        on customers.customer_id = fees.customer_id

),

components as (

    select
        as_of_date,
        customer_id,
        {{ loan_ftp_net_income('loan_ftp_spread_sum_cny', 'interest_day_count_basis') }} as loan_ftp_net_income,
        {{ deposit_ftp_net_income('deposit_ftp_spread_sum_cny', 'interest_day_count_basis') }}
            as deposit_ftp_net_income,
        {{ fee_net_income('fee_amount_cny') }} as fee_net_income,
        {{ capital_cost('capital_base_sum_cny', 'capital_ratio_target', 'cost_of_capital', 'cost_day_count_basis') }}
            as capital_cost,
        {{ operating_cost(
            'account_cost_base_cny', 'transaction_cost_cny', 'loan_interest_sum_cny', 'positive_fee_amount_cny',
            'tax_rate_interest', 'tax_rate_fee', 'interest_day_count_basis', 'cost_day_count_basis') }}
            as operating_cost,
        {{ credit_cost('non_performing_loss_base_sum_cny', 'performing_loss_base_sum_cny', 'pd',
                       'cost_day_count_basis') }} as credit_cost
    from inputs

),

final as (

    select
        as_of_date,
        customer_id,
        loan_ftp_net_income,
        deposit_ftp_net_income,
        fee_net_income,
        capital_cost,
        operating_cost,
        credit_cost,
        {{ profit_contribution('loan_ftp_net_income', 'deposit_ftp_net_income', 'fee_net_income',
                               'capital_cost', 'operating_cost', 'credit_cost') }} as profit_contribution
    from components

)

select * from final
