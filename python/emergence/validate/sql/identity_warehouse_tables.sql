-- The source tables fct_touches carries; truth touches of any other table are untracked.
create or replace temp table vi_fct_tables as
select distinct
    source_system,
    source_table
from vi_fct
