-- Title->function mapping share, and agreement with the truth function. dim_people's
-- function column is $function_column: the contract names it function, the mart
-- job_function; it is read off the row by name so one query serves both.
with truth as (
    select
        truth_person_key(email) as person_key,
        any_value(function) as function
    from synth_truth.people
    where nullif(trim(email), '') is not null
    group by 1
),

titled as (
    select
        dim_people.person_key,
        nullif(lower(trim(struct_extract(dim_people, $function_column))), '') as function
    from marts.dim_people as dim_people
    where
        coalesce(dim_people.is_anonymous, false) = false
        and nullif(trim(dim_people.job_title), '') is not null
)

select
    count(*) filter (where titled.function is not null) as mapped,
    count(*) as titled,
    count(*) filter (
        where truth.function is not null and titled.function = lower(trim(truth.function))
    ) as agreed,
    count(*) filter (where truth.function is not null) as compared
from titled
left join truth
    on titled.person_key = truth.person_key
