{{ config(**emergence.base_model_config('salesforce', 'user')) }}
-- Incremental, like every base model: a run re-reads only the keys loaded since the last
-- (macros base_model_config, newest_versions; DECISIONLOG.md, "Build speed").
-- Salesforce users (sales reps and other owners of records): the newest loaded version
-- of each row, typed, with the reason a row is rejected (docs/data_quality.md).
-- Salesforce users are deactivated, not deleted; Fivetran's `_fivetran_deleted` is the
-- only deletion flag.
with source as (
    {{ emergence.select_source('salesforce', 'user', [
        'id', '_fivetran_synced',
    ], optional=[
        'manager_id', 'user_role_id', 'name', 'email', 'first_name',
        'last_name', 'username', 'title', 'department', 'is_active',
        'created_date', '_fivetran_deleted',
    ]) }}
),

newest as (
    {{ emergence.newest_versions('source', 'id', '_fivetran_synced', is_incremental()) }}
),

renamed as (
    select
        -- ids
        cast(id as {{ dbt.type_string() }}) as user_id,
        {{ emergence.salesforce_id_18('manager_id') }} as manager_user_id,
        cast(user_role_id as {{ dbt.type_string() }}) as user_role_id,
        -- strings
        cast(name as {{ dbt.type_string() }}) as user_name,
        {{ emergence.normalize_email('email') }} as email,
        cast(first_name as {{ dbt.type_string() }}) as first_name,
        cast(last_name as {{ dbt.type_string() }}) as last_name,
        cast(username as {{ dbt.type_string() }}) as username,
        cast(title as {{ dbt.type_string() }}) as job_title,
        cast(department as {{ dbt.type_string() }}) as department,
        -- booleans
        cast(is_active as {{ dbt.type_boolean() }}) as is_active,
        -- timestamps
        cast(created_date as {{ dbt.type_timestamp() }}) as created_at,
        cast(_fivetran_synced as {{ dbt.type_timestamp() }}) as loaded_at,
        -- bookkeeping
        cast(id as {{ dbt.type_string() }}) as source_row_id,
        row_key,
        raw_versions,
        raw_loaded_at,
        {{ emergence.is_source_deleted(['_fivetran_deleted']) }} as is_source_deleted
    from newest
),

final as (
    select
        *,
        {{ emergence.dq_reason([
            ['user_id is null', 'missing_id'],
            [emergence.is_future_timestamp('created_at', 'loaded_at'), 'future_timestamp'],
        ]) }} as dq_reason
    from renamed
)

select * from final
