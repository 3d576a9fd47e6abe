-- Web events placed on an account by the segment their address falls in, by an interval
-- join (`between`), which DuckDB plans as a piecewise merge join: the second floor, kept
-- beside the ASOF one to show what the lookup method costs.
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
)

select
    bench_segments.account_domain,
    web.person,
    web.touched_at
from web
inner join bench_segments
    on web.ip_number between bench_segments.low and bench_segments.high
where bench_segments.ip_type in ('business', 'education')
