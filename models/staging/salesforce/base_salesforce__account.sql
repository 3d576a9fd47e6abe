{{ config(**emergence.base_model_config('salesforce', 'account')) }}
-- Incremental, like every base model: a run re-reads only the keys loaded since the last
-- (macros base_model_config, newest_versions; DECISIONLOG.md, "Build speed").
-- Salesforce accounts: the newest loaded version of each row, typed, with the website
-- normalised to a domain and the reason a row is rejected (docs/data_quality.md).
with source as (
    {{ emergence.select_source('salesforce', 'account', [
        'id', '_fivetran_synced',
    ], optional=[
        'name', 'website', 'industry', 'number_of_employees', 'annual_revenue',
        'billing_country', 'billing_state', 'type', 'parent_id',
        'master_record_id', 'owner_id', 'account_source', 'created_date',
        'is_deleted', '_fivetran_deleted',
    ]) }}
),

newest as (
    {{ emergence.newest_versions('source', 'id', '_fivetran_synced', is_incremental()) }}
),

renamed as (
    select
        -- ids
        cast(id as {{ dbt.type_string() }}) as account_id,
        {{ emergence.salesforce_id_18('parent_id') }} as parent_account_id,
        {{ emergence.salesforce_id_18('master_record_id') }} as master_account_id,
        {{ emergence.salesforce_id_18('owner_id') }} as owner_user_id,
        -- strings
        cast(name as {{ dbt.type_string() }}) as account_name,
        cast(website as {{ dbt.type_string() }}) as website,
        {{ emergence.normalize_domain('website') }} as website_domain,
        cast(industry as {{ dbt.type_string() }}) as industry,
        cast(billing_country as {{ dbt.type_string() }}) as billing_country,
        cast(billing_state as {{ dbt.type_string() }}) as billing_state,
        cast(type as {{ dbt.type_string() }}) as account_type,
        cast(account_source as {{ dbt.type_string() }}) as account_source,
        -- numerics
        cast(number_of_employees as {{ dbt.type_bigint() }}) as number_of_employees,
        cast(annual_revenue as {{ emergence.type_double() }}) as annual_revenue,
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
            ['account_id is null', 'missing_id'],
            [emergence.is_future_timestamp('created_at', 'loaded_at'), 'future_timestamp'],
        ]) }} as dq_reason
    from renamed
)

select * from final
