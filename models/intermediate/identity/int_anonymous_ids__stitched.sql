-- One row per Segment anonymous id that can be tied to one known person: an identify call
-- that carried its email, or an event that carried both the anonymous id and a user id
-- whose email is known. The person's earlier anonymous visits then become theirs. An
-- anonymous id tied to two different people (a shared computer) is not stitched: a
-- wrong stitch costs more than a missed one (docs/identity.md#stitching).
with identifies as (
    select * from {{ ref('stg_segment__identifies') }}
),

web_events as (
    select * from {{ ref('int_web_events__located') }}
),

identity_methods as (
    select * from {{ ref('identity_methods') }}
),

-- A user id names one person when every identify that carried it carried one email.
user_emails as (
    select
        user_id,
        min(email) as email
    from identifies
    where
        user_id is not null
        and email is not null
    group by user_id
    having count(distinct email) = 1
),

identify_links as (
    select
        anonymous_id,
        {{ emergence.email_person_key('email') }} as person_key,
        'identify_email' as stitch_method,
        occurred_at
    from identifies
    where
        anonymous_id is not null
        and email is not null
),

event_links as (
    select
        web_events.anonymous_id,
        {{ emergence.email_person_key('user_emails.email') }} as person_key,
        'event_user_id' as stitch_method,
        web_events.occurred_at
    from web_events
    inner join user_emails
        on web_events.user_id = user_emails.user_id
    where web_events.anonymous_id is not null
),

links as (
    select * from identify_links
    union all
    select * from event_links
),

ranked as (
    select
        links.anonymous_id,
        links.person_key,
        links.stitch_method,
        links.occurred_at,
        row_number() over (
            partition by links.anonymous_id
            order by identity_methods.priority, links.occurred_at, links.person_key
        ) as link_rank
    from links
    inner join identity_methods
        on links.stitch_method = identity_methods.method
),

link_summary as (
    select
        anonymous_id,
        count(distinct person_key) as linked_people,
        min(occurred_at) as first_stitched_at
    from links
    group by anonymous_id
),

final as (
    select
        -- ids
        ranked.anonymous_id,
        ranked.person_key,
        -- strings
        ranked.stitch_method,
        -- timestamps
        link_summary.first_stitched_at
    from ranked
    inner join link_summary
        on ranked.anonymous_id = link_summary.anonymous_id
    where
        ranked.link_rank = 1
        and link_summary.linked_people = 1
)

select * from final
