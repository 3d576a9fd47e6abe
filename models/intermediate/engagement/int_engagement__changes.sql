{{ config(
    materialized=emergence.incremental_materialization(),
    unique_key='change_key',
    incremental_strategy='delete+insert',
    on_schema_change='fail'
) }}
-- One row per input of the weekly models, with a hash of its content: each account-day's
-- person-day rows, each account-week of the spine (its weeks_since_first_engaged) and each
-- account's size band and industry. A run writes the inputs that are new, changed or gone
-- (hash `none`) since the last run, marked is_pending; the weekly models recompute only the
-- account-weeks that pending inputs reach (macro affected_account_weeks), and
-- int_emergence__inputs, the last of them, clears the marks in its post-hook. A run that
-- fails before then leaves them pending for the next (DECISIONLOG.md, "The weekly models
-- recompute what changed").
with person_days as (
    select * from {{ ref('int_engagement__person_channel_days') }}
),

spine as (
    select * from {{ ref('int_account_weeks__spine') }}
),

accounts as (
    select * from {{ ref('dim_accounts') }}
),

person_day_hashes as (
    select
        account_key,
        activity_date,
        {{ emergence.row_hash([
            'person_key', 'channel', 'job_function', 'seniority', 'buying_role', 'touches',
            'weighted_engagement', 'is_anonymous_person',
        ]) }} as row_hash
    from person_days
),

day_inputs as (
    select
        'day' as change_kind,
        account_key,
        activity_date as change_date,
        {{ dbt.hash(emergence.sorted_listagg('row_hash', "','")) }} as content_hash
    from person_day_hashes
    group by account_key, activity_date
),

week_inputs as (
    select
        'week' as change_kind,
        account_key,
        week_start as change_date,
        {{ emergence.row_hash(['weeks_since_first_engaged']) }} as content_hash
    from spine
),

account_inputs as (
    select
        'account' as change_kind,
        account_key,
        cast(null as date) as change_date,
        {{ emergence.row_hash(['size_band', 'industry']) }} as content_hash
    from accounts
),

inputs as (
    select * from day_inputs
    union all
    select * from week_inputs
    union all
    select * from account_inputs
),

keyed as (
    select
        {{ dbt.concat([
            'change_kind', "':'", 'account_key', "':'",
            "coalesce(" ~ dbt.cast('change_date', dbt.type_string()) ~ ", '')",
        ]) }} as change_key,
        change_kind,
        account_key,
        cast(change_date as date) as change_date,
        content_hash
    from inputs
),

{% if is_incremental() %}
-- new or changed inputs, and stored inputs that are gone (written once, with hash none)
written as (
    select keyed.*
    from keyed
    left join {{ this }} as stored_inputs
        on keyed.change_key = stored_inputs.change_key
    where
        stored_inputs.change_key is null
        or stored_inputs.content_hash != keyed.content_hash
    union all
    select
        stored_inputs.change_key,
        stored_inputs.change_kind,
        stored_inputs.account_key,
        stored_inputs.change_date,
        'none' as content_hash
    from {{ this }} as stored_inputs
    where
        stored_inputs.content_hash != 'none'
        and not exists (
            select 1 from keyed
            where keyed.change_key = stored_inputs.change_key
        )
),
{% else %}
written as (
    select * from keyed
),
{% endif %}

final as (
    select
        -- ids
        change_key,
        account_key,
        -- strings
        change_kind,
        content_hash,
        -- booleans
        true as is_pending,
        -- dates
        change_date
    from written
)

select * from final
