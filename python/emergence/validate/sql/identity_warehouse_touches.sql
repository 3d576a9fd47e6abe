-- The warehouse's touches, keyed like the truth's (row ids compared as text).
create or replace temp table vi_fct as
select
    source_system,
    source_table,
    cast(source_row_id as varchar) as source_row_id,
    account_key,
    account_method,
    person_key,
    is_anonymous_person
from marts.fct_touches
