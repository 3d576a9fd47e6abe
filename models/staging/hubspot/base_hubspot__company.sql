{{ config(**emergence.base_model_config('hubspot', 'company')) }}
-- Incremental, like every base model: a run re-reads only the keys loaded since the last
-- (macros base_model_config, newest_versions; DECISIONLOG.md, "Build speed").
-- HubSpot companies: the newest loaded version of each company, typed, with its domain
-- normalised (the identity key: docs/identity.md#hubspot) and the reason a row is rejected.
-- Every property is optional; a company without a domain names no account.
with source as (
    {{ emergence.select_source('hubspot', 'company', [
        'id', '_fivetran_synced',
    ], optional=[
        'property_name', 'property_domain', 'property_website', 'property_industry',
        'property_numberofemployees', 'property_annualrevenue', 'property_country',
        'property_createdate', 'is_deleted',
    ]) }}
),

newest as (
    {{ emergence.newest_versions('source', 'id', '_fivetran_synced', is_incremental()) }}
),

renamed as (
    select
        -- ids
        cast(id as {{ dbt.type_bigint() }}) as hubspot_company_id,
        -- strings
        cast(property_name as {{ dbt.type_string() }}) as company_name,
        coalesce(
            {{ emergence.normalize_domain('property_domain') }},
            {{ emergence.normalize_domain('property_website') }}
        ) as company_domain,
        cast(property_industry as {{ dbt.type_string() }}) as industry,
        cast(property_country as {{ dbt.type_string() }}) as country,
        -- numerics
        cast(property_numberofemployees as {{ dbt.type_bigint() }}) as number_of_employees,
        cast(property_annualrevenue as {{ emergence.type_double() }}) as annual_revenue,
        -- timestamps
        cast(property_createdate as {{ dbt.type_timestamp() }}) as created_at,
        cast(_fivetran_synced as {{ dbt.type_timestamp() }}) as loaded_at,
        -- bookkeeping
        cast(id as {{ dbt.type_string() }}) as source_row_id,
        row_key,
        raw_versions,
        raw_loaded_at,
        {{ emergence.is_source_deleted(['is_deleted']) }} as is_source_deleted
    from newest
),

final as (
    select
        *,
        {{ emergence.dq_reason([
            ['hubspot_company_id is null', 'missing_id'],
        ]) }} as dq_reason
    from renamed
)

select * from final
