{{ config(
    materialized=emergence.incremental_materialization(),
    unique_key='touch_id',
    incremental_strategy='delete+insert',
    on_schema_change='fail',
    meta={'daily_rows': {'column': 'loaded_at', 'datepart': 'hour', 'lookback_var': 'touches_lookback_hours'}},
    post_hook=["{{ emergence.delete_vanished_rows('touch_id', ref('int_touches__observed')) }}"]
) }}
-- One row per interaction between a person and the company, from every channel, with its
-- account, person, channel, type and weight (docs/identity.md). Every later fact is built
-- from it. The account follows the documented precedence (docs/identity.md#precedence;
-- identity_methods seed): the deal's account for a sales touch, then the person's account,
-- then the account of the event's own IP, then the account the same visitor's other visits
-- came from. When the person's account and the IP's disagree, the person wins and
-- has_account_conflict says so. Weights come from the touch_weights seed; crawlers weigh
-- nothing.
--
-- Incremental: the facts of a touch never change once loaded (int_touches__observed); its
-- identity can (a visitor stitched later, an account that entered the CRM, a merge). A run
-- resolves the touches loaded within touches_lookback_hours of the newest stored touch, and
-- the stored touches whose identity's hash (int_touch_identities__resolved) is no longer
-- the one they were resolved with; it reads no other touch. The post-hook removes touches
-- whose source row was deleted or quarantined since.
with observed_touches as (
    select * from {{ ref('int_touches__observed') }}
),

identities as (
    select * from {{ ref('int_touch_identities__resolved') }}
),

identity_methods as (
    select * from {{ ref('identity_methods') }}
),

touch_weights as (
    select * from {{ ref('touch_weights') }}
),

{% if is_incremental() %}
-- identities whose hash differs from the one their stored touches were resolved with (a
-- touch without an identity row stores the hash of none, which stays none)
changed_identities as (
    select stored_identities.identity_key
    from (
        select distinct
            identity_key,
            identity_hash
        from {{ this }}
        where identity_key is not null
    ) as stored_identities
    left join identities
        on stored_identities.identity_key = identities.identity_key
    where coalesce(identities.identity_hash, 'none') != stored_identities.identity_hash
),

to_resolve as (
    select *
    from observed_touches
    where
        loaded_at >= (
            select {{ dbt.dateadd('hour', -1 * var('touches_lookback_hours'), 'max(loaded_at)') }}
            from {{ this }}
        )
        or identity_key in (select changed_identities.identity_key from changed_identities)
),
{% else %}
to_resolve as (
    select * from observed_touches
),
{% endif %}

with_accounts as (
    select
        to_resolve.*,
        coalesce(identities.person_key, to_resolve.unresolved_person_key) as person_key,
        coalesce(identities.identity_hash, 'none') as identity_hash,
        -- a web event without a visitor is an anonymous person of its own
        coalesce(identities.is_anonymous_person, to_resolve.source_system = 'segment') as is_anonymous_person,
        to_resolve.is_bot_agent or coalesce(identities.is_bot, false) as is_bot,
        case
            when identities.deal_account_key is not null then 'crm_opportunity'
            when identities.person_account_key is not null then identities.person_account_method
            when to_resolve.event_ip_account_key is not null then 'reverse_ip'
            when identities.visitor_ip_account_key is not null then 'reverse_ip_history'
        end as account_method,
        coalesce(
            identities.deal_account_key,
            identities.person_account_key,
            to_resolve.event_ip_account_key,
            identities.visitor_ip_account_key
        ) as account_key,
        coalesce(identities.person_has_account_conflict, false)
        or (
            coalesce(identities.deal_account_key, identities.person_account_key) is not null
            and to_resolve.event_ip_account_key is not null
            and coalesce(identities.deal_account_key, identities.person_account_key)
            != to_resolve.event_ip_account_key
        ) as has_account_conflict
    from to_resolve
    left join identities
        on to_resolve.identity_key = identities.identity_key
),

final as (
    select
        -- ids
        with_accounts.touch_id,
        with_accounts.account_key,
        with_accounts.person_key,
        with_accounts.anonymous_id,
        with_accounts.source_row_id,
        with_accounts.identity_key,
        -- strings
        with_accounts.source_system,
        with_accounts.source_table,
        with_accounts.channel,
        with_accounts.touch_type,
        with_accounts.account_method,
        with_accounts.identity_hash,
        -- numerics
        identity_methods.confidence as account_confidence,
        touch_weights.weight as base_weight,
        case when with_accounts.is_bot then 0 else touch_weights.weight end as weight,
        -- booleans
        with_accounts.is_anonymous_person,
        with_accounts.is_bot,
        with_accounts.has_account_conflict,
        coalesce(touch_weights.counts_as_engagement, false) and not with_accounts.is_bot as is_engagement,
        -- timestamps
        with_accounts.occurred_at,
        with_accounts.loaded_at
    from with_accounts
    left join identity_methods
        on with_accounts.account_method = identity_methods.method
    left join touch_weights
        on with_accounts.touch_type = touch_weights.touch_type
)

select * from final
