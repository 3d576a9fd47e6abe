{{ config(**emergence.base_model_config('reverse_ip', 'ip_company_ranges', rebuilt=true)) }}
-- Reverse-IP ranges: the newest loaded version of each vendor range, with both ends as
-- integers so that a visitor's IP joins to its range with `between` on any engine.
-- Vendors' exports may carry neither a row id nor a load stamp (docs/raw_contract.md):
-- - a range without range_id is keyed by its content, its two ends ('start-end');
-- - without a load stamp no run can tell what changed, so this model is a table rebuilt in
--   full on every run, not incremental like the other base models. Ranges are few.
with source as (
    {{ emergence.select_source('reverse_ip', 'ip_company_ranges', [
        'start_ip', 'end_ip', 'company_domain', 'ip_type',
    ], optional=[
        'range_id', 'company_name', '_loaded_at',
    ]) }}
),

keyed as (
    select
        *,
        coalesce(
            cast(range_id as {{ dbt.type_string() }}),
            {{ dbt.concat([
                'trim(cast(start_ip as ' ~ dbt.type_string() ~ '))', "'-'",
                'trim(cast(end_ip as ' ~ dbt.type_string() ~ '))',
            ]) }}
        ) as range_key
    from source
),

newest as (
    {{ emergence.newest_versions('keyed', 'range_key', '_loaded_at') }}
),

renamed as (
    select
        -- ids
        range_key as range_id,
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
        range_key as source_row_id,
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
