-- Reverse-IP ranges must not overlap: an address in two ranges would be attributed
-- twice, and ip_range_lookup (an ASOF join on DuckDB, a between join elsewhere) assumes
-- one range per address. An overlapping vendor export stops the build for a human to fix.
with ranges as (
    select * from {{ ref('stg_reverse_ip__ip_ranges') }}
)

select
    first_range.range_id,
    second_range.range_id as overlapping_range_id
from ranges as first_range
inner join ranges as second_range
    on
        first_range.range_id < second_range.range_id
        and first_range.start_ip_integer <= second_range.end_ip_integer
        and first_range.end_ip_integer >= second_range.start_ip_integer
