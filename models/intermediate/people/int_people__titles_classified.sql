{{ config(
    materialized=emergence.incremental_materialization(),
    unique_key='person_key',
    incremental_strategy='delete+insert',
    on_schema_change='fail',
    post_hook=["{{ emergence.delete_vanished_rows('person_key', '(select person_key from ' ~ ref('int_people__resolved') ~ ' where ' ~ emergence.has_job_title('job_title') ~ ')') }}"]
) }}
-- One row per known person with a job title: the function, seniority and buying role the
-- title implies, from the title_patterns and buying_roles seeds that marketing and sales
-- edit together (docs/domain.md#team-size). For each dimension the matching pattern with
-- the highest priority wins; a title no pattern knows keeps a null function.
--
-- Incremental: a run classifies the people whose title is new or changed, by
-- classification_hash (the title and the hash of both seeds): an edited seed changes every
-- person's hash, so every title is classified again. The post-hook removes people who no
-- longer have a title (DECISIONLOG.md, "Located events and classified titles incremental").
with people as (
    select * from {{ ref('int_people__resolved') }}
),

title_patterns as (
    select * from {{ ref('title_patterns') }}
),

buying_roles as (
    select * from {{ ref('buying_roles') }}
),

pattern_rules_hash as (
    {{ emergence.relation_hash('title_patterns', ['rule_id', 'dimension', 'value', 'pattern', 'priority']) }}
),

role_rules_hash as (
    {{ emergence.relation_hash('buying_roles', ['rule_id', 'function', 'seniority', 'buying_role', 'priority']) }}
),

-- both seeds decide a person's classification: a change to either reclassifies everyone
rules_hash as (
    select
        {{ emergence.row_hash(['pattern_rules_hash.relation_hash', 'role_rules_hash.relation_hash']) }} as rules_hash
    from pattern_rules_hash
    cross join role_rules_hash
),

titled_people as (
    select
        people.person_key,
        people.job_title,
        {{ emergence.row_hash(['people.job_title', 'rules_hash.rules_hash']) }} as classification_hash
    from people
    cross join rules_hash
    where {{ emergence.has_job_title('people.job_title') }}
),

to_classify as (
    {{ emergence.changed_rows('titled_people', 'person_key', 'classification_hash', 'false') }}
),

titles as (
    select
        person_key,
        job_title,
        classification_hash,
        -- words only, padded with spaces, so patterns can match whole words ('% vp %')
        {{ dbt.concat(["' '", emergence.regex_replace('lower(job_title)', '[^a-z0-9&]+', ' '), "' '"]) }} as title_words
    from to_classify
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
        titles.classification_hash,
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
        roles.buying_role,
        classified.classification_hash
    from classified
    left join roles
        on
            classified.person_key = roles.person_key
            and roles.role_rank = 1
)

select * from final
