{#- Which seeds made a slice (README "Which seeds made a slice"): the seeds of the run's
    as_of_date, each with its row count and content hash, and the fingerprint of them all
    that the run's history-mart slices record. A history mart like the others: a run
    replaces its own date's rows and leaves the other dates'. -#}

with seeds as (

    select
        seed_name,
        row_count,
        seed_hash,
        seeds_fingerprint
    from {{ ref('int_controls__validated') }}

),

final as (

    select
        {{ date_literal(as_of_date()) }} as as_of_date,
        cast(seed_name as {{ dbt.type_string() }}) as seed_name,
        cast(seeds_fingerprint as {{ dbt.type_string() }}) as seeds_fingerprint,
        cast(seed_hash as {{ dbt.type_string() }}) as seed_hash,
        cast(row_count as bigint) as row_count,
        cast('{{ invocation_id }}' as {{ dbt.type_string() }}) as invocation_id
    from seeds

)

select * from final
