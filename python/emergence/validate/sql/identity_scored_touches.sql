-- Kept truth touches of tracked tables, scored against the warehouse, with the means that
-- could reveal each one's account (module docstring of emergence.validate.identity).
create or replace temp table vi_scored as
with kept as (
    select truth.*
    from vi_truth as truth
    inner join vi_fct_tables as tracked
        on
            truth.source_system = tracked.source_system
            and truth.source_table = tracked.source_table
    where not truth.is_dirty and not truth.is_quarantined
),

-- A touch in several warehouse rows is resolved only if every row has the expected key.
resolved as (
    select
        kept.source_system,
        kept.source_table,
        kept.source_row_id,
        count(warehouse_touches.source_row_id) as warehouse_rows,
        bool_and(coalesce(warehouse_touches.account_key = kept.expected_account_key, false)) as account_correct,
        bool_and(
            coalesce(
                warehouse_touches.is_anonymous_person = false
                and warehouse_touches.person_key = kept.expected_person_key,
                false
            )
        ) as person_correct
    from kept
    left join vi_fct as warehouse_touches
        on
            kept.source_system = warehouse_touches.source_system
            and kept.source_table = warehouse_touches.source_table
            and kept.source_row_id = warehouse_touches.source_row_id
    group by all
),

ip_revealed as (
    select distinct
        kept.source_system,
        kept.source_table,
        kept.source_row_id
    from kept
    inner join vi_web as web
        on
            kept.source_system = web.source_system
            and kept.source_table = web.source_table
            and kept.source_row_id = web.source_row_id
    inner join vi_ranges as ranges
        on
            kept.account_domain = ranges.domain
            and web.ip_int between ranges.start_int and ranges.end_int
),

anonymous_ids_of_accounts as (
    select distinct
        web.anonymous_id,
        kept.account_domain
    from kept
    inner join vi_web as web
        on
            kept.source_system = web.source_system
            and kept.source_table = web.source_table
            and kept.source_row_id = web.source_row_id
    where
        kept.source_system = 'segment'
        and web.anonymous_id is not null
        and kept.account_domain is not null
),

anonymous_id_revealed as (
    select distinct
        pairs.anonymous_id,
        pairs.account_domain
    from anonymous_ids_of_accounts as pairs
    inner join vi_ranges as ranges
        on pairs.account_domain = ranges.domain
    inner join vi_sightings as sightings
        on
            pairs.anonymous_id = sightings.anonymous_id
            and sightings.ip_int between ranges.start_int and ranges.end_int
),

final as (
    select
        kept.source_system,
        kept.source_table,
        kept.source_row_id,
        kept.truth_account_id is not null as has_account,
        resolved.warehouse_rows,
        resolved.account_correct,
        resolved.person_correct,
        web.anonymous_id,
        kept.person_email is not null as person_has_email,
        coalesce(
            kept.person_is_known
            and kept.account_domain is not null
            and split_part(kept.person_email, '@', 2) = kept.account_domain,
            false
        ) as by_email_domain,
        ip_revealed.source_row_id is not null as by_reverse_ip,
        anonymous_id_revealed.anonymous_id is not null as by_anonymous_id_ip,
        kept.source_system = 'salesforce'
        and list_contains($crm_linked_tables, kept.source_table) as by_crm_link,
        stitchable.anonymous_id is not null as is_stitchable
    from kept
    inner join resolved
        on
            kept.source_system = resolved.source_system
            and kept.source_table = resolved.source_table
            and kept.source_row_id = resolved.source_row_id
    left join vi_web as web
        on
            kept.source_system = web.source_system
            and kept.source_table = web.source_table
            and kept.source_row_id = web.source_row_id
    left join ip_revealed
        on
            kept.source_system = ip_revealed.source_system
            and kept.source_table = ip_revealed.source_table
            and kept.source_row_id = ip_revealed.source_row_id
    left join anonymous_id_revealed
        on
            kept.source_system = 'segment'
            and web.anonymous_id = anonymous_id_revealed.anonymous_id
            and kept.account_domain = anonymous_id_revealed.account_domain
    left join vi_stitchable as stitchable
        on
            kept.source_system = 'segment'
            and web.anonymous_id = stitchable.anonymous_id
)

select * from final
