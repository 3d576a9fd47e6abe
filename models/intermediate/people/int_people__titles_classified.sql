{{ config(materialized='table') }}
-- A table, not a view: several models and tests read it, and a view would be computed
-- again for each of them (DECISIONLOG.md, "Build speed").
-- One row per known person with a job title: the function, seniority and buying role the
-- title implies, from the title_patterns and buying_roles seeds that marketing and sales
-- edit together (docs/domain.md#team-size). For each dimension the matching pattern with
-- the highest priority wins; a title no pattern knows keeps a null function.
with people as (
    select * from {{ ref('int_people__resolved') }}
),

title_patterns as (
    select * from {{ ref('title_patterns') }}
),

buying_roles as (
    select * from {{ ref('buying_roles') }}
),

titles as (
    select
        person_key,
        job_title,
        -- words only, padded with spaces, so patterns can match whole words ('% vp %')
        {{ dbt.concat(["' '", emergence.regex_replace('lower(job_title)', '[^a-z0-9&]+', ' '), "' '"]) }} as title_words
    from people
    where
        job_title is not null
        and trim(job_title) != ''
),

matches as (
    select
        titles.person_key,
        title_patterns.dimension,
        title_patterns.value,
        row_number() over (
            partition by titles.person_key, title_patterns.dimension
            order by title_patterns.priority desc, title_patterns.rule_id asc
        ) as match_rank
    from titles
    inner join title_patterns
        on titles.title_words like title_patterns.pattern
),

classified as (
    select
        titles.person_key,
        titles.job_title,
        function_matches.value as job_function,
        seniority_matches.value as seniority
    from titles
    left join matches as function_matches
        on
            titles.person_key = function_matches.person_key
            and function_matches.dimension = 'function'
            and function_matches.match_rank = 1
    left join matches as seniority_matches
        on
            titles.person_key = seniority_matches.person_key
            and seniority_matches.dimension = 'seniority'
            and seniority_matches.match_rank = 1
),

roles as (
    select
        classified.person_key,
        buying_roles.buying_role,
        row_number() over (
            partition by classified.person_key
            order by buying_roles.priority desc, buying_roles.rule_id asc
        ) as role_rank
    from classified
    inner join buying_roles
        on
            (buying_roles.function = '*' or classified.job_function = buying_roles.function)
            and (buying_roles.seniority = '*' or classified.seniority = buying_roles.seniority)
),

final as (
    select
        -- ids
        classified.person_key,
        -- strings
        classified.job_title,
        classified.job_function,
        classified.seniority,
        roles.buying_role
    from classified
    left join roles
        on
            classified.person_key = roles.person_key
            and roles.role_rank = 1
)

select * from final
