-- One row per account: CRM accounts and net-new companies seen only on the web or in
-- email domains, with firmographics, a size band, the region, an ICP fit grade from the
-- icp_rules seed, the IP ranges and domains that identify it, and how many known and
-- anonymous people the warehouse has seen from it (docs/domain.md#team-size).
with accounts as (
    select * from {{ ref('int_accounts__unified') }}
),

account_domains as (
    select * from {{ ref('int_account_domains__resolved') }}
),

ip_ranges as (
    select * from {{ ref('int_ip_ranges__accounts') }}
),

people as (
    select * from {{ ref('int_people__resolved') }}
),

visitors as (
    select * from {{ ref('int_anonymous_ids__resolved') }}
),

size_bands as (
    select * from {{ ref('employee_size_bands') }}
),

country_regions as (
    select * from {{ ref('country_regions') }}
),

icp_rules as (
    select * from {{ ref('icp_rules') }}
),

icp_grades as (
    select * from {{ ref('icp_grades') }}
),

domain_lists as (
    select
        account_key,
        count(*) as domains,
        {{ emergence.sorted_listagg('domain', "','") }} as domain_list
    from account_domains
    group by account_key
),

range_counts as (
    select
        account_key,
        count(*) as ip_ranges
    from ip_ranges
    where account_key is not null
    group by account_key
),

known_people as (
    select
        account_key,
        count(*) as known_people
    from people
    where account_key is not null
    group by account_key
),

anonymous_people as (
    select
        ip_account_key as account_key,
        count(*) as anonymous_people
    from visitors
    where
        not is_stitched
        and not is_bot
        and ip_account_key is not null
    group by ip_account_key
),

profiled as (
    select
        accounts.*,
        size_bands.size_band,
        country_regions.region
    from accounts
    left join size_bands
        on
            accounts.number_of_employees >= size_bands.min_employees
            and (size_bands.max_employees is null or accounts.number_of_employees < size_bands.max_employees)
    left join country_regions
        on lower(accounts.country) = lower(country_regions.country)
),

icp_points as (
    select
        profiled.account_key,
        sum(icp_rules.points) as icp_points
    from profiled
    inner join icp_rules
        on
            (icp_rules.attribute = 'industry' and lower(profiled.industry) = lower(icp_rules.value))
            or (icp_rules.attribute = 'size_band' and profiled.size_band = icp_rules.value)
            or (icp_rules.attribute = 'region' and profiled.region = icp_rules.value)
    group by profiled.account_key
),

graded as (
    select
        profiled.account_key,
        coalesce(icp_points.icp_points, 0) as icp_points,
        icp_grades.grade as icp_grade,
        row_number() over (
            partition by profiled.account_key
            order by icp_grades.min_points desc
        ) as grade_rank
    from profiled
    left join icp_points
        on profiled.account_key = icp_points.account_key
    inner join icp_grades
        on coalesce(icp_points.icp_points, 0) >= icp_grades.min_points
),

final as (
    select
        -- ids
        profiled.account_key,
        profiled.sfdc_account_id,
        profiled.parent_account_id,
        -- strings
        profiled.account_name,
        profiled.primary_domain,
        domain_lists.domain_list,
        profiled.industry,
        profiled.country,
        profiled.region,
        profiled.size_band,
        graded.icp_grade,
        -- numerics
        cast(profiled.number_of_employees as {{ dbt.type_bigint() }}) as number_of_employees,
        cast(profiled.annual_revenue as {{ emergence.type_double() }}) as annual_revenue,
        cast(graded.icp_points as {{ dbt.type_bigint() }}) as icp_points,
        cast(coalesce(domain_lists.domains, 0) as {{ dbt.type_bigint() }}) as domains,
        cast(coalesce(range_counts.ip_ranges, 0) as {{ dbt.type_bigint() }}) as ip_ranges,
        cast(coalesce(known_people.known_people, 0) as {{ dbt.type_bigint() }}) as known_people,
        cast(coalesce(anonymous_people.anonymous_people, 0) as {{ dbt.type_bigint() }}) as anonymous_people,
        -- booleans
        profiled.is_in_crm,
        -- timestamps
        profiled.first_seen_at
    from profiled
    left join graded
        on
            profiled.account_key = graded.account_key
            and graded.grade_rank = 1
    left join domain_lists
        on profiled.account_key = domain_lists.account_key
    left join range_counts
        on profiled.account_key = range_counts.account_key
    left join known_people
        on profiled.account_key = known_people.account_key
    left join anonymous_people
        on profiled.account_key = anonymous_people.account_key
)

select * from final
