-- One row per signal and decile of its score over every evaluated account-week: how often
-- the account-weeks of each decile went on to open an opportunity, against the base rate
-- (docs/evaluation.md). Ties share a decile, so a decile can hold more or fewer rows
-- than a tenth, and a signal with many zero scores has empty deciles at the bottom. The
-- lift is null where the data cannot rank the signal (docs/evaluation.md#sufficiency).
with scores as (
    select * from {{ ref('int_signal_scores__labelled') }}
),

judged as (
    select * from {{ ref('int_signal_evaluations__judged') }}
),

ranked as (
    select
        signal_name,
        is_positive,
        score,
        rank() over (partition by signal_name order by score desc) as score_rank,
        count(*) over (partition by signal_name) as population
    from scores
),

base_rates as (
    select
        signal_name,
        avg({{ emergence.as_double('case when is_positive then 1 else 0 end') }}) as base_rate
    from scores
    group by signal_name
),

deciles as (
    select
        signal_name,
        cast(floor((score_rank - 1) * 10.0 / population) as {{ dbt.type_bigint() }}) + 1 as decile,
        count(*) as account_weeks,
        sum(case when is_positive then 1 else 0 end) as positives,
        min(score) as min_score,
        max(score) as max_score
    from ranked
    group by signal_name, cast(floor((score_rank - 1) * 10.0 / population) as {{ dbt.type_bigint() }}) + 1
),

final as (
    select
        -- ids
        {{ dbt.concat(['deciles.signal_name', "':'", dbt.cast('deciles.decile', dbt.type_string())]) }}
            as signal_decile_key,
        deciles.signal_name,
        -- strings
        judged.data_sufficiency,
        -- numerics
        cast(deciles.decile as {{ dbt.type_bigint() }}) as decile,
        cast(deciles.account_weeks as {{ dbt.type_bigint() }}) as account_weeks,
        cast(deciles.positives as {{ dbt.type_bigint() }}) as positives,
        {{ emergence.as_double('deciles.positives') }} / deciles.account_weeks as positive_rate,
        cast(case
            when judged.data_sufficiency = 'ok'
                then {{ emergence.as_double('deciles.positives') }} / deciles.account_weeks / base_rates.base_rate
        end as {{ emergence.type_double() }}) as lift,
        cast(deciles.min_score as {{ emergence.type_double() }}) as min_score,
        cast(deciles.max_score as {{ emergence.type_double() }}) as max_score
    from deciles
    inner join base_rates
        on deciles.signal_name = base_rates.signal_name
    inner join judged
        on deciles.signal_name = judged.signal_name
)

select * from final
