-- Raw rows the world made dirty on purpose: their truth may be inconsistent, so every
-- figure leaves them out.
create or replace temp table vi_dirty as
select distinct
    source_system,
    source_table,
    cast(row_id as varchar) as source_row_id
from synth_truth.dirty_rows
where row_id is not null
