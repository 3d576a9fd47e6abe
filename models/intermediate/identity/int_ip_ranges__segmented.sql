{{ config(materialized='table') }}
-- A table, not a view: every web event and Marketo activity is looked up in it
-- (DECISIONLOG.md, "Build speed").
-- The reverse-IP ranges flattened into disjoint segments, so that each address falls in
-- one segment and every lookup (ASOF on DuckDB, between elsewhere, the bench floor) finds
-- the same range. Vendors nest ranges (a company's /24 inside its ISP's /16); each
-- segment takes the most specific range that contains it (docs/identity.md#reverse-ip):
-- 1. the narrowest range;
-- 2. on a tie, a business range, then an education range, then any other type;
-- 3. then the lowest range_id, so every engine and every run picks the same one.
-- An address past an inner range's end falls back to the outer range. Intermediate, not
-- staging: a segment carries its range's account, and staging models do not join.
with ip_ranges as (
    select * from {{ ref('int_ip_ranges__accounts') }}
),

boundaries as (
    -- every address where the set of containing ranges can change
    select start_ip_integer as boundary from ip_ranges
    union
    select end_ip_integer + 1 as boundary from ip_ranges
),

elementary_segments as (
    select
        boundary as segment_start,
        lead(boundary) over (order by boundary) - 1 as segment_end
    from boundaries
),

ranked_ranges as (
    select
        elementary_segments.segment_start,
        elementary_segments.segment_end,
        ip_ranges.*,
        row_number() over (
            partition by elementary_segments.segment_start
            order by
                ip_ranges.end_ip_integer - ip_ranges.start_ip_integer,
                case ip_ranges.ip_type when 'business' then 0 when 'education' then 1 else 2 end,
                ip_ranges.range_id
        ) as specificity_rank
    from elementary_segments
    inner join ip_ranges
        on elementary_segments.segment_start between ip_ranges.start_ip_integer and ip_ranges.end_ip_integer
    where elementary_segments.segment_end is not null
),

final as (
    select
        -- ids
        range_id,
        account_key,
        -- strings
        company_domain,
        ip_type,
        -- numerics
        segment_start as start_ip_integer,
        segment_end as end_ip_integer,
        start_ip_integer as range_start_ip_integer,
        end_ip_integer as range_end_ip_integer,
        -- booleans
        names_an_account
    from ranked_ranges
    where specificity_rank = 1
)

select * from final
