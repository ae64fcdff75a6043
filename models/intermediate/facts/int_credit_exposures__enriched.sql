{#- Every staged credit exposure with the capital and loss parameters of its product:
    credit conversion factor (1 for on-balance exposures, the catalog's for off-balance,
    docs/segmentation_rules.md §13.7), risk weight and loss given default. -#}

with loans as (

    select
        loan_id,
        customer_id,
        product_code,
        exposure_type,
        currency,
        customer_rate,
        ftp_rate
    from {{ ref('stg_credit__loans') }}

),

products as (

    select
        product_code,
        product_category,
        risk_weight,
        ccf,
        lgd
    from {{ ref('product_catalog') }}

),

final as (

    select
        loans.loan_id,
        loans.customer_id,
        loans.product_code,
        products.product_category,
        loans.exposure_type,
        loans.currency,
        loans.customer_rate,
        loans.ftp_rate,
        products.risk_weight,
        products.lgd,
        case when loans.exposure_type = 'on_balance' then 1 else products.ccf end as ccf
    from loans
    inner join products
        on loans.product_code = products.product_code

)

select * from final
