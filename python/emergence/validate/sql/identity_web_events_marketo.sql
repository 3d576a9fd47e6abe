-- A Marketo web activity table ($relation) with each activity's IP as a bigint; Marketo
-- has no anonymous id. Resync duplicates share an id: one row per id.
insert into vi_web
with events as (
    select
        cast(id as varchar) as source_row_id,
        any_value(client_ip_address) as ip
    from query_table($relation)
    where id is not null
    group by 1
)

select
    $event_system as source_system,
    $event_table as source_table,
    source_row_id,
    cast(null as varchar) as anonymous_id,
    ipv4_to_bigint(ip) as ip_int
from events
