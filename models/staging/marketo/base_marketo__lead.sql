{{ config(**emergence.base_model_config('marketo', 'lead')) }}
-- Incremental, like every base model: a run re-reads only the keys loaded since the last
-- (macros base_model_config, newest_versions; DECISIONLOG.md, "Build speed").
-- Marketo leads: the newest loaded version of each lead, typed, with the email and the
-- website normalised and the reason a row is rejected (docs/data_quality.md).
-- Fivetran always writes the six core fields below; the others are lead fields that a
-- Marketo instance may lack (no CRM sync, no scoring), so they are optional and read as null.
with source as (
    {{ emergence.select_source('marketo', 'lead', [
        'id', 'email', '_fivetran_synced',
    ], optional=[
        'first_name', 'last_name', 'created_at', 'updated_at', 'company',
        'title', 'industry', 'number_of_employees', 'annual_revenue',
        'lead_source', 'lead_status', 'lead_score', 'sfdc_lead_id',
        'sfdc_contact_id', 'sfdc_account_id', 'sfdc_type', 'website', 'country',
        'unsubscribed', 'email_invalid',
    ]) }}
),

newest as (
    {{ emergence.newest_versions('source', 'id', '_fivetran_synced', is_incremental()) }}
),

renamed as (
    select
        -- ids
        cast(id as {{ dbt.type_bigint() }}) as marketo_lead_id,
        {{ emergence.salesforce_id_18('sfdc_lead_id') }} as sfdc_lead_id,
        {{ emergence.salesforce_id_18('sfdc_contact_id') }} as sfdc_contact_id,
        {{ emergence.salesforce_id_18('sfdc_account_id') }} as sfdc_account_id,
        -- strings
        {{ emergence.normalize_email('email') }} as email,
        {{ emergence.email_domain(emergence.normalize_email('email')) }} as email_domain,
        cast(first_name as {{ dbt.type_string() }}) as first_name,
        cast(last_name as {{ dbt.type_string() }}) as last_name,
        cast(company as {{ dbt.type_string() }}) as company_name,
        cast(title as {{ dbt.type_string() }}) as job_title,
        cast(industry as {{ dbt.type_string() }}) as industry,
        cast(lead_source as {{ dbt.type_string() }}) as lead_source,
        cast(lead_status as {{ dbt.type_string() }}) as lead_status,
        cast(sfdc_type as {{ dbt.type_string() }}) as sfdc_type,
        {{ emergence.normalize_domain('website') }} as website_domain,
        cast(country as {{ dbt.type_string() }}) as country,
        -- numerics
        cast(number_of_employees as {{ dbt.type_bigint() }}) as number_of_employees,
        cast(annual_revenue as {{ emergence.type_double() }}) as annual_revenue,
        cast(lead_score as {{ dbt.type_bigint() }}) as lead_score,
        -- booleans
        cast(unsubscribed as {{ dbt.type_boolean() }}) as is_unsubscribed,
        cast(email_invalid as {{ dbt.type_boolean() }}) as is_email_invalid,
        -- timestamps
        cast(created_at as {{ dbt.type_timestamp() }}) as created_at,
        cast(updated_at as {{ dbt.type_timestamp() }}) as updated_at,
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
            ['marketo_lead_id is null', 'missing_id'],
            ['email is not null and not ' ~ emergence.is_valid_email('email'), 'malformed_email'],
            [emergence.is_future_timestamp('created_at', 'loaded_at'), 'future_timestamp'],
        ]) }} as dq_reason
    from renamed
)

select * from final
