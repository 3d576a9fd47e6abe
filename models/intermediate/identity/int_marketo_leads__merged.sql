-- One row per Marketo lead id that a Merge Leads activity folded into another, with the
-- survivor, so a merged lead's history stays with the person (docs/identity.md#merges).
-- Marketo writes the merged ids as a list ('[123]' or '[123, 456]'); up to five per merge
-- are read.
with lead_merges as (
    select * from {{ ref('stg_marketo__lead_merges') }}
),

merged_ids as (
    {%- for position in range(1, 6) %}
    select
        marketo_lead_id as surviving_lead_id,
        activity_at as merged_at,
        {{ emergence.try_cast(
            "trim(" ~ dbt.split_part(
                emergence.regex_replace('merged_lead_ids', '[^0-9,]', ''), "','", position
            ) ~ ")",
            dbt.type_bigint()
        ) }} as merged_lead_id
    from lead_merges
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
),

latest_merges as (
    select
        merged_lead_id,
        surviving_lead_id,
        merged_at,
        row_number() over (partition by merged_lead_id order by merged_at desc) as merge_rank
    from merged_ids
    where merged_lead_id is not null
),

final as (
    select
        -- ids
        first_merge.merged_lead_id,
        -- a survivor that was itself merged later hands its history on
        coalesce(second_merge.surviving_lead_id, first_merge.surviving_lead_id) as surviving_lead_id,
        -- timestamps
        first_merge.merged_at
    from latest_merges as first_merge
    left join latest_merges as second_merge
        on
            first_merge.surviving_lead_id = second_merge.merged_lead_id
            and second_merge.merge_rank = 1
    where first_merge.merge_rank = 1
)

select * from final
