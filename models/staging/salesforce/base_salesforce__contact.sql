{{ config(**emergence.base_model_config('salesforce', 'contact')) }}
-- Incremental, like every base model: a run re-reads only the keys loaded since the last
-- (macros base_model_config, newest_versions; DECISIONLOG.md, "Build speed").
-- Salesforce contacts: the newest loaded version of each row, typed, with the email
-- normalised and the reason a row is rejected (docs/data_quality.md).
with source as (
    {{ emergence.select_source('salesforce', 'contact', [
        'id', 'account_id', 'email', '_fivetran_synced',
    ], optional=[
        'master_record_id', 'owner_id', 'first_name', 'last_name', 'title',
        'department', 'lead_source', 'created_date', 'is_deleted',
        '_fivetran_deleted',
    ]) }}
),

newest as (
    {{ emergence.newest_versions('source', 'id', '_fivetran_synced', is_incremental()) }}
),

renamed as (
    select
        -- ids
        cast(id as {{ dbt.type_string() }}) as contact_id,
        {{ emergence.salesforce_id_18('account_id') }} as account_id,
        {{ emergence.salesforce_id_18('master_record_id') }} as master_contact_id,
        {{ emergence.salesforce_id_18('owner_id') }} as owner_user_id,
        -- strings
        {{ emergence.normalize_email('email') }} as email,
        {{ emergence.email_domain(emergence.normalize_email('email')) }} as email_domain,
        cast(first_name as {{ dbt.type_string() }}) as first_name,
        cast(last_name as {{ dbt.type_string() }}) as last_name,
        cast(title as {{ dbt.type_string() }}) as job_title,
        cast(department as {{ dbt.type_string() }}) as department,
        cast(lead_source as {{ dbt.type_string() }}) as lead_source,
        -- timestamps
        cast(created_date as {{ dbt.type_timestamp() }}) as created_at,
        cast(_fivetran_synced as {{ dbt.type_timestamp() }}) as loaded_at,
        -- bookkeeping
        cast(id as {{ dbt.type_string() }}) as source_row_id,
        row_key,
        raw_versions,
        raw_loaded_at,
        {{ emergence.is_source_deleted(['is_deleted', '_fivetran_deleted']) }} as is_source_deleted
    from newest
),

final as (
    select
        *,
        {{ emergence.dq_reason([
            ['contact_id is null', 'missing_id'],
            ['email is not null and not ' ~ emergence.is_valid_email('email'), 'malformed_email'],
            [emergence.is_future_timestamp('created_at', 'loaded_at'), 'future_timestamp'],
        ]) }} as dq_reason
    from renamed
)

select * from final
