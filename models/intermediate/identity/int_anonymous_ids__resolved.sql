{{ config(materialized='table') }}
-- A table, not a view: several models and tests read it, and a view would be computed
-- again for each of them (DECISIONLOG.md, "Build speed").
-- One row per Segment anonymous id seen on the website: the person it is (stitched to an
-- email, or an anonymous person of its own), the account its visits come from most often
-- by reverse IP, and whether it behaves like a crawler. Unstitched visitors still count
-- toward an account's breadth when their account is known (docs/domain.md#team-size).
with web_events as (
    select * from {{ ref('int_web_events__located') }}
),

stitched as (
    select * from {{ ref('int_anonymous_ids__stitched') }}
),

bot_patterns as (
    select * from {{ ref('bot_user_agent_patterns') }}
),

crawler_agents as (
    {{ emergence.crawler_agents('web_events', 'bot_patterns') }}
),

bot_agents as (
    select distinct web_events.anonymous_id
    from web_events
    inner join crawler_agents
        on web_events.user_agent = crawler_agents.user_agent
),

-- A human reads a few dozen pages a day at most; more is a script
-- (var bot_max_daily_events).
busy_days as (
    select distinct anonymous_id
    from (
        select
            anonymous_id,
            {{ dbt.date_trunc('day', 'occurred_at') }} as event_day,
            count(*) as events
        from web_events
        group by anonymous_id, {{ dbt.date_trunc('day', 'occurred_at') }}
    ) as daily
    where events > {{ var('bot_max_daily_events') }}
),

-- The account this visitor's own addresses point to, by majority of located visits.
ip_accounts as (
    select
        anonymous_id,
        ip_account_key,
        count(*) as located_events,
        row_number() over (partition by anonymous_id order by count(*) desc, ip_account_key) as account_rank
    from web_events
    where ip_account_key is not null
    group by anonymous_id, ip_account_key
),

visitors as (
    select
        anonymous_id,
        count(*) as web_events,
        min(occurred_at) as first_seen_at,
        max(occurred_at) as last_seen_at
    from web_events
    where anonymous_id is not null
    group by anonymous_id
),

final as (
    select
        -- ids
        visitors.anonymous_id,
        coalesce(stitched.person_key, {{ emergence.anonymous_person_key('visitors.anonymous_id') }}) as person_key,
        ip_accounts.ip_account_key,
        -- strings
        stitched.stitch_method,
        -- numerics
        visitors.web_events,
        coalesce(ip_accounts.located_events, 0) as located_events,
        -- booleans
        stitched.person_key is not null as is_stitched,
        (bot_agents.anonymous_id is not null or busy_days.anonymous_id is not null) as is_bot,
        -- timestamps
        visitors.first_seen_at,
        visitors.last_seen_at,
        stitched.first_stitched_at
    from visitors
    left join stitched
        on visitors.anonymous_id = stitched.anonymous_id
    left join ip_accounts
        on
            visitors.anonymous_id = ip_accounts.anonymous_id
            and ip_accounts.account_rank = 1
    left join bot_agents
        on visitors.anonymous_id = bot_agents.anonymous_id
    left join busy_days
        on visitors.anonymous_id = busy_days.anonymous_id
)

select * from final
