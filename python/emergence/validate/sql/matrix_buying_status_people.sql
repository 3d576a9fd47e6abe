-- Per account and week of a built warehouse: the people whose daily lead score carried
-- buying-status (BANT) points, or made them an MQL when $mql, on a day within the $days
-- days up to the week's end (a candidate factor, docs/emergence_score.md#intent). Run by
-- emergence.validate.intent_trial on DuckDB.
with weeks as (
    select
        account_key,
        week_start,
        cast(week_start + 6 as date) as week_end
    from intermediate.int_emergence__inputs
),

scores as (
    select
        account_key,
        person_key,
        cast(score_date as date) as scored_on
    from intermediate.int_lead_scores__daily
    where
        account_key is not null
        and ((not $mql and buying_status_points > 0) or ($mql and is_mql))
),

final as (
    select
        weeks.account_key,
        weeks.week_start,
        count(distinct scores.person_key) as candidate_people
    from weeks
    inner join scores
        on
            weeks.account_key = scores.account_key
            and weeks.week_end >= scores.scored_on
            and scores.scored_on > weeks.week_end - $days
    group by weeks.account_key, weeks.week_start
)

select * from final
