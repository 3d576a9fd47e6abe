{{ config(materialized='table') }}
-- A table, not a view: fct_lead_score_points reads it three times (the comparison, the
-- changed people's rows, the post-hook), and its data tests read it again; as a view each
-- read matched the rules again (DECISIONLOG.md, "Build speed").
-- Every activity point a person earns now: one row per touch and activity rule it meets
-- (docs/lead_management.md#scorecard), for known people, crawlers left out, up to the
-- as-of date. fct_lead_score_points writes these rows for the people whose points changed,
-- and compares them with the ones it stores to find those people.
--
-- The rules are matched once per kind of touch (its type and channel, a few dozen pairs),
-- then joined to the touches on that pair: the rule conditions (lists, LIKE patterns)
-- never run on every touch.
with rules as (
    select * from {{ ref('lead_scorecard_rules') }}
),

touches as (
    select * from {{ ref('fct_touches') }}
),

people as (
    select * from {{ ref('dim_people') }}
),

as_of as (
    select * from {{ ref('int_as_of_dates__resolved') }}
),

touch_kinds as (
    select distinct
        touch_type,
        channel
    from touches
),

kind_rules as (
    select
        touch_kinds.touch_type,
        touch_kinds.channel,
        rules.rule_id,
        rules.category,
        rules.field_name,
        case
            when rules.field_name = 'channel' then touch_kinds.channel
            else touch_kinds.touch_type
        end as matched_value,
        rules.points
    from touch_kinds
    inner join rules
        on
            rules.category = 'activity'
            and (
                (
                    rules.field_name = 'touch_type'
                    and {{ emergence.scorecard_rule_matches('touch_kinds.touch_type', 'rules') }}
                )
                or (
                    rules.field_name = 'channel'
                    and {{ emergence.scorecard_rule_matches('touch_kinds.channel', 'rules') }}
                )
            )
),

final as (
    select
        -- ids
        touches.person_key,
        kind_rules.rule_id,
        touches.touch_id,
        touches.source_row_id,
        -- strings
        kind_rules.category,
        kind_rules.field_name,
        kind_rules.matched_value,
        touches.source_table,
        -- numerics
        cast(kind_rules.points as {{ emergence.type_double() }}) as points,
        -- timestamps
        touches.occurred_at as earned_at
    from touches
    inner join kind_rules
        on
            touches.touch_type = kind_rules.touch_type
            and touches.channel = kind_rules.channel
    inner join people
        on touches.person_key = people.person_key
    cross join as_of
    where
        not people.is_anonymous
        and not touches.is_bot
        and cast(touches.occurred_at as date) <= as_of.as_of_date
)

select * from final
