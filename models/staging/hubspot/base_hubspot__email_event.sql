{{ config(**emergence.base_model_config('hubspot', 'email_event')) }}
-- Incremental, like every base model: a run re-reads only the keys loaded since the last
-- (macros base_model_config, newest_versions; DECISIONLOG.md, "Build speed").
-- HubSpot marketing email events (sent, delivered, open, click, and the rest): the newest
-- loaded version of each event, typed, with the recipient's email normalised and the
-- reason a row is rejected (docs/data_quality.md). HubSpot names the person by the
-- recipient's address, not by a contact id, so the recipient is required.
with source as (
    {{ emergence.select_source('hubspot', 'email_event', [
        'id', 'type', 'created', 'recipient', '_fivetran_synced',
    ], optional=[
        'email_campaign_id', 'filtered_event',
    ]) }}
),

newest as (
    {{ emergence.newest_versions('source', 'id', '_fivetran_synced', is_incremental()) }}
),

renamed as (
    select
        -- ids
        cast(id as {{ dbt.type_string() }}) as email_event_id,
        cast(email_campaign_id as {{ dbt.type_bigint() }}) as email_campaign_id,
        -- strings
        upper(cast(type as {{ dbt.type_string() }})) as event_type,
        {{ emergence.normalize_email('recipient') }} as email,
        {{ emergence.email_domain(emergence.normalize_email('recipient')) }} as email_domain,
        -- booleans
        coalesce(cast(filtered_event as {{ dbt.type_boolean() }}), false) as is_filtered,
        -- timestamps
        cast(created as {{ dbt.type_timestamp() }}) as occurred_at,
        cast(_fivetran_synced as {{ dbt.type_timestamp() }}) as loaded_at,
        -- bookkeeping
        cast(id as {{ dbt.type_string() }}) as source_row_id,
        row_key,
        raw_versions,
        raw_loaded_at,
        {{ emergence.is_source_deleted() }} as is_source_deleted
    from newest
),

final as (
    select
        *,
        {{ emergence.dq_reason([
            ['email_event_id is null', 'missing_id'],
            ['occurred_at is null', 'missing_timestamp'],
            ['email is null', 'missing_parent_id'],
            ['not ' ~ emergence.is_valid_email('email'), 'malformed_email'],
            [emergence.is_future_timestamp('occurred_at', 'loaded_at'), 'future_timestamp'],
            [emergence.is_implausible_timestamp('occurred_at'), 'implausible_timestamp'],
        ]) }} as dq_reason
    from renamed
)

select * from final
