-- One row per signal: whether the warehouse's data can rank it (docs/evaluation.md#sufficiency).
-- An evaluation ranks accounts against each other, so it needs two accounts at least, and
-- account-weeks of both outcomes; the first reason that fails is named.
with scores as (
    select * from {{ ref('int_signal_scores__labelled') }}
),

opportunities as (
    select * from {{ ref('int_opportunities__sourced') }}
),

opportunity_count as (
    select count(*) as opportunities from opportunities
),

signals as (
    select
        signal_name,
        count(distinct account_key) as accounts_scored,
        sum(case when is_positive then 1 else 0 end) as positives,
        sum(case when is_positive then 0 else 1 end) as negatives
    from scores
    group by signal_name
),

final as (
    select
        -- ids
        signals.signal_name,
        -- strings
        cast(case
            when signals.accounts_scored < 2 then 'too_few_accounts'
            when opportunity_count.opportunities = 0 then 'no_opportunities'
            when signals.positives = 0 then 'no_opportunities_in_window'
            when signals.negatives = 0 then 'only_positive_weeks'
            else 'ok'
        end as {{ dbt.type_string() }}) as data_sufficiency,
        -- numerics
        cast(signals.accounts_scored as {{ dbt.type_bigint() }}) as accounts_scored
    from signals
    cross join opportunity_count
)

select * from final
