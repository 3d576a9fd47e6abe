-- The oracle: true team members who touched anything in the $oracle_window_days days up to
-- the week's end.
create or replace temp table vs_oracle as
with team_days as (
    select distinct
        cast(truth_account_id as varchar) as truth_account_id,
        cast(truth_person_id as varchar) as truth_person_id,
        cast(occurred_at as date) as touched_on
    from synth_truth.touches
    where is_in_market and truth_account_id is not null and truth_person_id is not null
)

select
    population.truth_account_id,
    population.week_start,
    count(distinct team_days.truth_person_id) as team_people
from vs_population as population
inner join team_days
    on
        population.truth_account_id = team_days.truth_account_id
        and team_days.touched_on <= population.week_start + 6
        and team_days.touched_on > population.week_start + 6 - $oracle_window_days
group by 1, 2
