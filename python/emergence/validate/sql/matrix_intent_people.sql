-- Per account and week of a built warehouse: the people with a touch of one of the
-- $touch_types within the $days days up to the week's end (a candidate "intent" factor,
-- docs/emergence_score.md#intent). Run by emergence.validate.intent_trial on DuckDB.
with weeks as (
    select
        account_key,
        week_start,
        cast(week_start + 6 as date) as week_end
    from intermediate.int_emergence__inputs
),

touches as (
    select
        account_key,
        person_key,
        cast(occurred_at as date) as touched_on
    from marts.fct_touches
    where
        account_key is not null
        and not is_bot
        and list_contains($touch_types, touch_type)
),

final as (
    select
        weeks.account_key,
        weeks.week_start,
        count(distinct touches.person_key) as candidate_people
    from weeks
    inner join touches
        on
            weeks.account_key = touches.account_key
            and weeks.week_end >= touches.touched_on
            and touches.touched_on > weeks.week_end - $days
    group by weeks.account_key, weeks.week_start
)

select * from final
