-- Truth touches with their expected keys and the flags that exclude them (dirty raw row,
-- quarantined by staging). A touch with no truth account has no expected account key.
create or replace temp table vi_truth as
with touches as (
    select * from synth_truth.touches
),

accounts as (
    select * from synth_truth.accounts
),

final as (
    select
        touches.source_system,
        touches.source_table,
        cast(touches.source_row_id as varchar) as source_row_id,
        touches.truth_account_id,
        lower(trim(accounts.domain)) as account_domain,
        case
            when touches.truth_account_id is not null and accounts.truth_account_id is not null
                then truth_account_key(accounts.sfdc_account_id, accounts.domain)
        end as expected_account_key,
        people.email as person_email,
        people.expected_person_key,
        coalesce(people.is_known, false) as person_is_known,
        dirty.source_row_id is not null as is_dirty,
        quarantined.source_row_id is not null as is_quarantined
    from touches
    left join accounts
        on touches.truth_account_id = accounts.truth_account_id
    left join vi_people as people
        on touches.truth_person_id = people.truth_person_id
    left join vi_dirty as dirty
        on
            touches.source_system = dirty.source_system
            and touches.source_table = dirty.source_table
            and cast(touches.source_row_id as varchar) = dirty.source_row_id
    left join vi_quarantined as quarantined
        on
            touches.source_system = quarantined.source_system
            and touches.source_table = quarantined.source_table
            and cast(touches.source_row_id as varchar) = quarantined.source_row_id
)

select * from final
