{{ config(**emergence.base_model_config('hubspot', 'contact')) }}
-- Incremental, like every base model: a run re-reads only the keys loaded since the last
-- (macros base_model_config, newest_versions; DECISIONLOG.md, "Build speed").
-- HubSpot contacts: the newest loaded version of each contact, typed, with the email and
-- the website normalised and the reason a row is rejected (docs/data_quality.md).
-- Fivetran writes every contact property as a property_* column; which properties exist
-- depends on the portal (a Salesforce sync adds the salesforce* ids), so all but the
-- email are optional and read as null.
with source as (
    {{ emergence.select_source('hubspot', 'contact', [
        'id', 'property_email', '_fivetran_synced',
    ], optional=[
        'property_firstname', 'property_lastname', 'property_jobtitle',
        'property_company', 'property_website', 'property_industry',
        'property_annualrevenue', 'property_country', 'property_leadsource',
        'property_lifecyclestage', 'property_hs_lead_status',
        'property_hs_email_optout', 'property_salesforcecontactid',
        'property_salesforceleadid', 'property_salesforceaccountid',
        'property_associatedcompanyid', 'property_createdate',
        'property_lastmodifieddate', '_fivetran_deleted',
    ]) }}
),

newest as (
    {{ emergence.newest_versions('source', 'id', '_fivetran_synced', is_incremental()) }}
),

renamed as (
    select
        -- ids
        cast(id as {{ dbt.type_bigint() }}) as hubspot_contact_id,
        cast(property_associatedcompanyid as {{ dbt.type_bigint() }}) as associated_company_id,
        {{ emergence.salesforce_id_18('property_salesforceleadid') }} as sfdc_lead_id,
        {{ emergence.salesforce_id_18('property_salesforcecontactid') }} as sfdc_contact_id,
        {{ emergence.salesforce_id_18('property_salesforceaccountid') }} as sfdc_account_id,
        -- strings
        {{ emergence.normalize_email('property_email') }} as email,
        {{ emergence.email_domain(emergence.normalize_email('property_email')) }} as email_domain,
        cast(property_firstname as {{ dbt.type_string() }}) as first_name,
        cast(property_lastname as {{ dbt.type_string() }}) as last_name,
        cast(property_company as {{ dbt.type_string() }}) as company_name,
        cast(property_jobtitle as {{ dbt.type_string() }}) as job_title,
        cast(property_industry as {{ dbt.type_string() }}) as industry,
        cast(property_leadsource as {{ dbt.type_string() }}) as lead_source,
        cast(property_lifecyclestage as {{ dbt.type_string() }}) as lifecycle_stage,
        cast(property_hs_lead_status as {{ dbt.type_string() }}) as lead_status,
        {{ emergence.normalize_domain('property_website') }} as website_domain,
        cast(property_country as {{ dbt.type_string() }}) as country,
        -- numerics
        cast(property_annualrevenue as {{ emergence.type_double() }}) as annual_revenue,
        -- booleans
        cast(property_hs_email_optout as {{ dbt.type_boolean() }}) as is_unsubscribed,
        -- timestamps
        cast(property_createdate as {{ dbt.type_timestamp() }}) as created_at,
        cast(property_lastmodifieddate as {{ dbt.type_timestamp() }}) as updated_at,
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
            ['hubspot_contact_id is null', 'missing_id'],
            ['email is not null and not ' ~ emergence.is_valid_email('email'), 'malformed_email'],
            [emergence.is_future_timestamp('created_at', 'loaded_at'), 'future_timestamp'],
        ]) }} as dq_reason
    from renamed
)

select * from final
