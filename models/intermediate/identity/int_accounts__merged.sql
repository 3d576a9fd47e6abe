-- One row per Salesforce account id ever seen, with the account it now lives on: itself,
-- or the survivor it was merged into (Salesforce deletes the merged record and points
-- its master_record_id at the survivor; docs/identity.md#merges). Chains of merges are
-- followed up to three steps. Reads the base model because merged records are deleted,
-- and stg models hold live rows only.
with account_versions as (
    select * from {{ ref('base_salesforce__account') }}
),

merge_pointers as (
    select
        account_id as merged_account_id,
        master_account_id as surviving_account_id,
        loaded_at as merged_at
    from account_versions
    where
        is_source_deleted
        and master_account_id is not null
        and account_id is not null
),

final as (
    select
        -- ids
        account_versions.account_id,
        coalesce(
            third_merge.surviving_account_id,
            second_merge.surviving_account_id,
            first_merge.surviving_account_id,
            account_versions.account_id
        ) as surviving_account_id,
        -- booleans
        first_merge.merged_account_id is not null as was_merged,
        -- timestamps
        first_merge.merged_at
    from account_versions
    left join merge_pointers as first_merge
        on account_versions.account_id = first_merge.merged_account_id
    left join merge_pointers as second_merge
        on first_merge.surviving_account_id = second_merge.merged_account_id
    left join merge_pointers as third_merge
        on second_merge.surviving_account_id = third_merge.merged_account_id
    where account_versions.account_id is not null
)

select * from final
