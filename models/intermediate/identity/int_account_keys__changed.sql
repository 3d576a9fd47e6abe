-- The history of account-key changes (docs/identity.md#merges): one row each time an
-- account_key gave way to another. A Salesforce merge hands the merged account's history
-- to the survivor; a net-new company that later enters the CRM trades its domain key
-- ('dom_...') for its Salesforce id. Touches follow the new key on the next run
-- (fct_touches rewrites what changed); this model keeps the old key findable.
with merged_accounts as (
    select * from {{ ref('int_accounts__merged') }}
),

account_domains as (
    select * from {{ ref('int_account_domains__resolved') }}
),

crm_merges as (
    select
        account_id as previous_account_key,
        surviving_account_id as account_key,
        'crm_merge' as change_reason,
        merged_at as changed_at
    from merged_accounts
    where was_merged
),

entered_crm as (
    select
        {{ emergence.domain_account_key('domain') }} as previous_account_key,
        sfdc_account_id as account_key,
        'entered_crm' as change_reason,
        crm_created_at as changed_at
    from account_domains
    where
        is_in_crm
        and first_seen_outside_crm_at < crm_created_at
),

unioned as (
    select * from crm_merges
    union all
    select * from entered_crm
),

final as (
    select
        -- ids
        {{ dbt.concat(['previous_account_key', "'>'", 'account_key']) }} as account_key_change_key,
        previous_account_key,
        account_key,
        -- strings
        change_reason,
        -- timestamps
        changed_at
    from unioned
)

select * from final
