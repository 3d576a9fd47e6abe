-- Every touch from every channel in one shape, with its account chosen by the documented
-- precedence (docs/identity.md#precedence; identity_methods seed): the deal's account for
-- a sales touch, then the person's account, then the account of the event's own IP, then
-- the account the same visitor's other visits came from. When the person's account and
-- the IP's disagree, the person wins and has_account_conflict says so. Weights come from
-- the touch_weights seed; crawlers weigh nothing.
with web_touches as (
    select * from {{ ref('int_touches__web') }}
),

marketo_touches as (
    select * from {{ ref('int_touches__marketo') }}
),

crm_touches as (
    select * from {{ ref('int_touches__crm') }}
),

people as (
    select * from {{ ref('int_people__resolved') }}
),

identity_methods as (
    select * from {{ ref('identity_methods') }}
),

touch_weights as (
    select * from {{ ref('touch_weights') }}
),

unioned as (
    select * from web_touches
    union all
    select * from marketo_touches
    union all
    select * from crm_touches
),

with_accounts as (
    select
        unioned.*,
        people.account_key as person_account_key,
        case
            when unioned.deal_account_key is not null then 'crm_opportunity'
            when people.account_key is not null then people.account_method
            when unioned.event_ip_account_key is not null then 'reverse_ip'
            when unioned.visitor_ip_account_key is not null then 'reverse_ip_history'
        end as account_method,
        coalesce(
            unioned.deal_account_key,
            people.account_key,
            unioned.event_ip_account_key,
            unioned.visitor_ip_account_key
        ) as account_key,
        coalesce(people.has_account_conflict, false)
        or (
            coalesce(unioned.deal_account_key, people.account_key) is not null
            and unioned.event_ip_account_key is not null
            and coalesce(unioned.deal_account_key, people.account_key) != unioned.event_ip_account_key
        ) as has_account_conflict
    from unioned
    left join people
        on unioned.person_key = people.person_key
),

final as (
    select
        -- ids
        {{ dbt.concat([
            'with_accounts.source_system', "':'",
            'with_accounts.source_table', "':'",
            'with_accounts.source_row_id',
        ]) }} as touch_id,
        with_accounts.account_key,
        with_accounts.person_key,
        with_accounts.anonymous_id,
        with_accounts.source_row_id,
        -- strings
        with_accounts.source_system,
        with_accounts.source_table,
        with_accounts.channel,
        with_accounts.touch_type,
        with_accounts.account_method,
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
