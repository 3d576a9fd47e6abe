-- The person_key the warehouse should give a truth person: an md5 of the normalised email,
-- null without one. Restates the dbt macro email_person_key (macros/identity/person_key.sql);
-- this is its one home in the validation until the validation runs the macro's compiled SQL.
create or replace temp macro truth_person_key(email) as
case when nullif(trim(email), '') is not null then md5(lower(trim(email))) end
