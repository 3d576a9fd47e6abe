-- Truth people with their expected person_key, and whether some system knows them: a
-- Marketo lead id, a Salesforce lead or contact id, or a Segment identify.
create or replace temp table vi_people as
with people as (
    select * from synth_truth.people
),

identified as (
    select distinct truth_person_id from vi_identified
),

final as (
    select
        people.truth_person_id,
        lower(trim(people.email)) as email,
        truth_person_key(people.email) as expected_person_key,
        (
            people.marketo_lead_id is not null
            or nullif(trim(cast(people.sfdc_lead_id as varchar)), '') is not null
            or nullif(trim(cast(people.sfdc_contact_id as varchar)), '') is not null
            or identified.truth_person_id is not null
        ) as is_known
    from people
    left join identified
        on people.truth_person_id = identified.truth_person_id
)

select * from final
