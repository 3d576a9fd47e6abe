{{ config(materialized='table') }}
-- One row per account, person, day and channel on which the person engaged (touches that
-- count as engagement: not bots, not deliveries or opens; touch_weights seed). Rolling
-- windows, concurrency and the buying-team estimates count distinct people from here, so
-- no model ever sums daily distinct counts (docs/engagement.md).
with touches as (
    select * from {{ ref('fct_touches') }}
),

people as (
    select * from {{ ref('dim_people') }}
),

final as (
    select
        -- ids
        touches.account_key,
        touches.person_key,
        -- strings
        touches.channel,
        people.job_function,
        people.seniority,
        people.buying_role,
        -- numerics
        count(*) as touches,
        sum(touches.weight) as weighted_engagement,
        -- booleans
        touches.is_anonymous_person,
        -- dates
        cast(touches.occurred_at as date) as activity_date
    from touches
    left join people
        on touches.person_key = people.person_key
    where
        touches.account_key is not null
        and touches.is_engagement
    group by
        touches.account_key,
        touches.person_key,
        touches.channel,
        people.job_function,
        people.seniority,
        people.buying_role,
        touches.is_anonymous_person,
        cast(touches.occurred_at as date)
)

select * from final
