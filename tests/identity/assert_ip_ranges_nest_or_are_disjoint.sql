{{ config(severity='warn') }}
-- Reverse-IP ranges either nest (one contains the other: a company's /24 inside its ISP's
-- /16, the vendor's normal export) or are disjoint. A partial overlap, where neither
-- contains the other, is a vendor's error: it warns, naming both ranges, and
-- int_ip_ranges__segmented still gives each address one range by its rule (the narrowest,
-- then business, then the lowest range_id), so the build goes on.
with ranges as (
    select * from {{ ref('stg_reverse_ip__ip_ranges') }}
)

select
    first_range.range_id,
    first_range.start_ip as range_start_ip,
    first_range.end_ip as range_end_ip,
    second_range.range_id as overlapping_range_id,
    second_range.start_ip as overlapping_start_ip,
    second_range.end_ip as overlapping_end_ip
from ranges as first_range
inner join ranges as second_range
    on
        first_range.start_ip_integer < second_range.start_ip_integer
        and first_range.end_ip_integer >= second_range.start_ip_integer
        and first_range.end_ip_integer < second_range.end_ip_integer
