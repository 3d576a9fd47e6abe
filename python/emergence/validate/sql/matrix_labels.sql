-- One row per truth account and week of the population that emergence.validate.signals
-- prepares (temporary tables vs_population, vs_oracle, vs_episodes): the in-market label,
-- the oracle's count, and the label "opens an opportunity within $horizon_weeks weeks"
-- (null where the account opened one within the horizon before the week's end: the
-- question is already answered there, as in fct_signal_evaluation).
with population as (
    select * from vs_population
),

oracle as (
    select * from vs_oracle
),

episodes as (
    select * from vs_episodes
),

flags as (
    select
        population.truth_account_id,
        population.week_start,
        max(case
            when episodes.opportunity_date > population.week_start + 6
                and episodes.opportunity_date <= population.week_start + 6 + 7 * $horizon_weeks
                then 1
            else 0
        end) as opens,
        max(case
            when episodes.opportunity_date <= population.week_start + 6
                and episodes.opportunity_date > population.week_start + 6 - 7 * $horizon_weeks
                then 1
            else 0
        end) as opened_recently
    from population
    left join episodes
        on population.truth_account_id = episodes.truth_account_id and episodes.opened_opportunity
    group by population.truth_account_id, population.week_start
),

final as (
    select
        population.truth_account_id,
        population.account_key,
        population.week_start,
        population.positive,
        coalesce(oracle.team_people, 0) as oracle_score,
        case when flags.opened_recently = 1 then null else flags.opens = 1 end as opens_opportunity
    from population
    left join oracle
        on population.truth_account_id = oracle.truth_account_id and population.week_start = oracle.week_start
    left join flags
        on population.truth_account_id = flags.truth_account_id and population.week_start = flags.week_start
)

select * from final
