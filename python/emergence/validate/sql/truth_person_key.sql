-- The person_key the warehouse should give a truth person: the keyed hash of the normalised
-- email, null without one. The hash is the compiled SQL of the dbt macro email_person_key
-- (macros/identity/person_key.sql) on DuckDB, with the key read from the session variable
-- that define_macros sets as a bound parameter; test_pii_key.py checks the two agree.
create or replace temp macro truth_person_key(email) as
case
    when nullif(trim(email), '') is not null
        then sha256(getvariable('emergence_pii_key') || '|' || cast(lower(trim(email)) as varchar))
end
