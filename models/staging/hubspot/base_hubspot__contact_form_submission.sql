{{ config(**emergence.base_model_config('hubspot', 'contact_form_submission')) }}
-- Incremental, like every base model: a run re-reads only the keys loaded since the last
-- (macros base_model_config, newest_versions; DECISIONLOG.md, "Build speed").
-- HubSpot form submissions: the newest loaded version of each conversion, typed, with
-- the reason a row is rejected (docs/data_quality.md). The conversion id names the
-- submission; the contact is the person who filled the form. The connector loads no source
-- per submission, only the page it was submitted on: its utm_source (a social ad's tag) is
-- kept beside it, so that int_touches__hubspot can tell a social submission
-- (docs/engagement.md#social).
{%- set after_utm_source = emergence.regex_replace(
    'cast(page_url as ' ~ dbt.type_string() ~ ')', '^.*[?&]utm_source=', ''
) %}

with source as (
    {{ emergence.select_source('hubspot', 'contact_form_submission', [
        'conversion_id', 'contact_id', 'timestamp', '_fivetran_synced',
    ], optional=[
        'form_id', 'title', 'page_url',
    ]) }}
),

newest as (
    {{ emergence.newest_versions('source', 'conversion_id', '_fivetran_synced', is_incremental()) }}
),

renamed as (
    select
        -- ids
        cast(conversion_id as {{ dbt.type_string() }}) as conversion_id,
        cast(contact_id as {{ dbt.type_bigint() }}) as hubspot_contact_id,
        cast(form_id as {{ dbt.type_string() }}) as form_id,
        -- strings
        cast(title as {{ dbt.type_string() }}) as form_title,
        cast(page_url as {{ dbt.type_string() }}) as page_url,
        case
            when {{ emergence.regex_matches('page_url', '[?&]utm_source=') }}
                then nullif({{ emergence.regex_replace(after_utm_source, '[&#].*$', '') }}, '')
        end as page_utm_source,
        -- timestamps
        cast({{ adapter.quote('timestamp') }} as {{ dbt.type_timestamp() }}) as occurred_at,
        cast(_fivetran_synced as {{ dbt.type_timestamp() }}) as loaded_at,
        -- bookkeeping
        cast(conversion_id as {{ dbt.type_string() }}) as source_row_id,
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
            ['conversion_id is null', 'missing_id'],
            ['occurred_at is null', 'missing_timestamp'],
            ['hubspot_contact_id is null', 'missing_parent_id'],
            [emergence.is_future_timestamp('occurred_at', 'loaded_at'), 'future_timestamp'],
            [emergence.is_implausible_timestamp('occurred_at'), 'implausible_timestamp'],
        ]) }} as dq_reason
    from renamed
)

select * from final
