-- One row per Salesforce contact id ever seen, with the contact it now lives on (itself,
-- or the survivor of a merge, through master_record_id on the deleted record;
-- docs/identity.md#merges). Reads the base model: merged records are deleted.
with contact_versions as (
    select * from {{ ref('base_salesforce__contact') }}
),

merge_pointers as (
    select
        contact_id as merged_contact_id,
        master_contact_id as surviving_contact_id
    from contact_versions
    where
        is_source_deleted
        and master_contact_id is not null
        and contact_id is not null
),

final as (
    select
        -- ids
        contact_versions.contact_id,
        coalesce(second_merge.surviving_contact_id, first_merge.surviving_contact_id, contact_versions.contact_id)
            as surviving_contact_id,
        -- booleans
        first_merge.merged_contact_id is not null as was_merged
    from contact_versions
    left join merge_pointers as first_merge
        on contact_versions.contact_id = first_merge.merged_contact_id
    left join merge_pointers as second_merge
        on first_merge.surviving_contact_id = second_merge.merged_contact_id
    where contact_versions.contact_id is not null
)

select * from final
