{{ config(**emergence.base_model_config('salesforce', 'lead')) }}
-- Incremental, like every base model: a run re-reads only the keys loaded since the last
-- (macros base_model_config, newest_versions; DECISIONLOG.md, "Build speed").
-- Salesforce leads: the newest loaded version of each row, typed, with email and website
-- normalised and the reason a row is rejected (docs/data_quality.md). The status is kept
-- as the CRM wrote it; the lead taxonomy maps it later.
with source as (
    {{ emergence.select_source('salesforce', 'lead', [
        'id', 'converted_account_id', 'converted_contact_id', 'email', 'status',
        'created_date', '_fivetran_synced',
    ], optional=[
        'converted_opportunity_id', 'master_record_id', 'owner_id',
        'first_name', 'last_name', 'title', 'company', 'website', 'industry',
        'country', 'lead_source', 'number_of_employees', 'annual_revenue',
        'is_converted', 'converted_date', 'is_deleted', '_fivetran_deleted',
    ]) }}
),

newest as (
    {{ emergence.newest_versions('source', 'id', '_fivetran_synced', is_incremental()) }}
),

renamed as (
    select
        -- ids
        cast(id as {{ dbt.type_string() }}) as lead_id,
        {{ emergence.salesforce_id_18('converted_account_id') }} as converted_account_id,
        {{ emergence.salesforce_id_18('converted_contact_id') }} as converted_contact_id,
        {{ emergence.salesforce_id_18('converted_opportunity_id') }} as converted_opportunity_id,
        {{ emergence.salesforce_id_18('master_record_id') }} as master_lead_id,
        {{ emergence.salesforce_id_18('owner_id') }} as owner_user_id,
        -- strings
        {{ emergence.normalize_email('email') }} as email,
        {{ emergence.email_domain(emergence.normalize_email('email')) }} as email_domain,
        cast(first_name as {{ dbt.type_string() }}) as first_name,
        cast(last_name as {{ dbt.type_string() }}) as last_name,
        cast(title as {{ dbt.type_string() }}) as job_title,
        cast(company as {{ dbt.type_string() }}) as company_name,
        cast(website as {{ dbt.type_string() }}) as website,
        {{ emergence.normalize_domain('website') }} as website_domain,
        cast(industry as {{ dbt.type_string() }}) as industry,
        cast(country as {{ dbt.type_string() }}) as country,
        cast(status as {{ dbt.type_string() }}) as lead_status,
        cast(lead_source as {{ dbt.type_string() }}) as lead_source,
        -- numerics
        cast(number_of_employees as {{ dbt.type_bigint() }}) as number_of_employees,
        cast(annual_revenue as {{ emergence.type_double() }}) as annual_revenue,
        -- booleans
        cast(is_converted as {{ dbt.type_boolean() }}) as is_converted,
        -- timestamps
        cast(converted_date as date) as converted_on,
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
            ['lead_id is null', 'missing_id'],
            ['email is not null and not ' ~ emergence.is_valid_email('email'), 'malformed_email'],
            [emergence.is_future_timestamp('created_at', 'loaded_at'), 'future_timestamp'],
        ]) }} as dq_reason
    from renamed
)

select * from final
