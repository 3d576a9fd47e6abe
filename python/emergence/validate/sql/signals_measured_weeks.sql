-- Every account-week of the population with both scores, its tier and label, and the oracle's
-- head count of true team members as the ceiling score.
select
    population.week_start,
    population.emergence_score,
    population.map_score,
    population.tier,
    population.positive,
    coalesce(oracle.team_people, 0) as ceiling_score
from vs_population as population
left join vs_oracle as oracle
    on
        population.truth_account_id = oracle.truth_account_id
        and population.week_start = oracle.week_start
