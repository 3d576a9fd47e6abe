{{ config(**emergence.base_model_config('reverse_ip', 'ip_company_ranges')) }}
-- Incremental, like every base model: a run re-reads only the keys loaded since the last
-- (macros base_model_config, newest_versions; DECISIONLOG.md, "Build speed").
-- Reverse-IP ranges: the newest loaded version of each vendor range, with both ends as
-- integers so that a visitor's IP joins to its range with `between` on any engine.
with source as (
    {{ emergence.select_source('reverse_ip', 'ip_company_ranges', [
        'range_id', 'start_ip', 'end_ip', 'company_name', 'company_domain', 'ip_type',
        '_loaded_at',
    ]) }}
),

newest as (
    {{ emergence.newest_versions('source', 'range_id', '_loaded_at', is_incremental()) }}
),

renamed as (
    select
        -- ids
        cast(range_id as {{ dbt.type_string() }}) as range_id,
        -- strings
        trim(cast(start_ip as {{ dbt.type_string() }})) as start_ip,
        trim(cast(end_ip as {{ dbt.type_string() }})) as end_ip,
        cast(company_name as {{ dbt.type_string() }}) as company_name,
        {{ emergence.normalize_domain('cast(company_domain as ' ~ dbt.type_string() ~ ')') }} as company_domain,
        lower(trim(cast(ip_type as {{ dbt.type_string() }}))) as ip_type,
        -- numerics
        {{ emergence.ipv4_to_integer('trim(cast(start_ip as ' ~ dbt.type_string() ~ '))') }} as start_ip_integer,
        {{ emergence.ipv4_to_integer('trim(cast(end_ip as ' ~ dbt.type_string() ~ '))') }} as end_ip_integer,
        -- timestamps
        cast(_loaded_at as {{ dbt.type_timestamp() }}) as loaded_at,
        -- bookkeeping
        cast(range_id as {{ dbt.type_string() }}) as source_row_id,
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
            ['range_id is null', 'missing_id'],
            ['start_ip_integer is null or end_ip_integer is null', 'malformed_ip'],
            ['start_ip_integer > end_ip_integer', 'invalid_range'],
        ]) }} as dq_reason
    from renamed
)

select * from final
