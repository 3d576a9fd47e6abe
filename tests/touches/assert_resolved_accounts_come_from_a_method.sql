-- account_key is present wherever a method resolved one: every touch whose person has an
-- account, whose deal has one, or whose IP names one carries an account.
with touches as (
    select * from {{ ref('int_touches__resolved') }}
),

people as (
    select * from {{ ref('int_people__resolved') }}
),

web as (
    select * from {{ ref('int_touches__web') }}
)

select touches.touch_id
from touches
left join people
    on touches.person_key = people.person_key
left join web
    on
        touches.source_system = web.source_system
        and touches.source_row_id = web.source_row_id
        and touches.source_table = web.source_table
where
    touches.account_key is null
    and (
        people.account_key is not null
        or web.event_ip_account_key is not null
        or web.visitor_ip_account_key is not null
    )
