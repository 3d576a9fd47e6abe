-- Web events placed on an account by the segment their address falls in, found as the build
-- finds it on DuckDB (macro ip_range_lookup): an ASOF join on the segment's first address,
-- then a check that the address is not past the segment's end.
create or replace temp table bench_web_touches as
with web as (
    select
        anonymous_id as person,
        timestamp as touched_at,
        bench_ip_number(context_ip) as ip_number
    from segment.pages
    union all
    select
        anonymous_id as person,
        timestamp as touched_at,
        bench_ip_number(context_ip) as ip_number
    from segment.tracks
),

located as (
    select * from web
    where ip_number is not null
)

select
    bench_segments.account_domain,
    located.person,
    located.touched_at
from located
asof inner join bench_segments
    on located.ip_number >= bench_segments.low
where
    located.ip_number <= bench_segments.high
    and bench_segments.ip_type in ('business', 'education')
