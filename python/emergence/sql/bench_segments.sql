-- The vendor's reverse-IP ranges flattened into disjoint segments as the build flattens them
-- (int_ip_ranges__segmented): each segment takes the narrowest range containing it, then a
-- business range, then an education range. Both bench floors look addresses up in these.
create or replace temp table bench_segments as
with vendor_ranges as (
    select
        company_domain as account_domain,
        ip_type,
        start_ip || '-' || end_ip as range_key,
        bench_ip_number(start_ip) as low,
        bench_ip_number(end_ip) as high
    from reverse_ip.ip_company_ranges
),

valid_ranges as (
    select * from vendor_ranges
    where low is not null and high is not null and low <= high
),

boundaries as (
    select low as boundary from valid_ranges
    union
    select high + 1 as boundary from valid_ranges
),

segments as (
    select
        boundary as low,
        lead(boundary) over (order by boundary) - 1 as high
    from boundaries
)

select
    segments.low,
    segments.high,
    valid_ranges.account_domain,
    valid_ranges.ip_type
from segments
inner join valid_ranges
    on segments.low between valid_ranges.low and valid_ranges.high
where segments.high is not null
qualify row_number() over (
        partition by segments.low
        order by
            valid_ranges.high - valid_ranges.low,
            case valid_ranges.ip_type when 'business' then 0 when 'education' then 1 else 2 end,
            valid_ranges.range_key
    ) = 1
