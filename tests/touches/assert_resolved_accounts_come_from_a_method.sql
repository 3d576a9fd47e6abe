-- account_key is present wherever a method resolved one: every stored touch whose person
-- has an account, or whose web event or visitor is located by reverse IP, carries an
-- account. It reads the stored touches and the identity tables, not the resolution views,
-- so it does not resolve every touch a second time.
with touches as (
    select * from {{ ref('fct_touches') }}
),

people as (
    select * from {{ ref('int_people__resolved') }}
),

web_events as (
    select * from {{ ref('int_web_events__located') }}
),

visitors as (
    select * from {{ ref('int_anonymous_ids__resolved') }}
)

select touches.touch_id
from touches
left join people
    on touches.person_key = people.person_key
left join web_events
    on
        touches.source_system = 'segment'
        and touches.source_table = web_events.source_table
        and touches.source_row_id = web_events.event_id
left join visitors
    on touches.anonymous_id = visitors.anonymous_id
where
    touches.account_key is null
    and (
        people.account_key is not null
        or web_events.ip_account_key is not null
        or visitors.ip_account_key is not null
    )
