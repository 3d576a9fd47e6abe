-- Where a Segment table ($relation: pages, tracks or identifies) saw each anonymous id from.
insert into vi_sighting_rows
select distinct
    anonymous_id,
    ipv4_to_bigint(context_ip) as ip_int
from query_table($relation)
where anonymous_id is not null
