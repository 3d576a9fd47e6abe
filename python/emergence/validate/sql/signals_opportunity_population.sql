-- "Opens an opportunity within the horizon" ($horizon_weeks weeks after the week's end),
-- from the truth's opportunity dates; account-weeks whose account opened one within the
-- horizon before the week's end are left out, as marts.fct_signal_evaluation does.
create or replace temp table vs_opportunity_population as
with opportunity_flags as (
    select
        population.truth_account_id,
        population.week_start,
        max(case
            when
                episodes.opportunity_date > population.week_start + 6
                and episodes.opportunity_date <= population.week_start + 6 + 7 * $horizon_weeks
                then 1
            else 0
        end) as opens,
        max(case
            when
                episodes.opportunity_date <= population.week_start + 6
                and episodes.opportunity_date > population.week_start + 6 - 7 * $horizon_weeks
                then 1
            else 0
        end) as opened_recently
    from vs_population as population
    left join vs_episodes as episodes
        on population.truth_account_id = episodes.truth_account_id and episodes.opened_opportunity
    group by 1, 2
)

select
    population.emergence_score,
    population.map_score,
    opportunity_flags.opens = 1 as opens_opportunity
from vs_population as population
inner join opportunity_flags
    on
        population.truth_account_id = opportunity_flags.truth_account_id
        and population.week_start = opportunity_flags.week_start
where opportunity_flags.opened_recently = 0
