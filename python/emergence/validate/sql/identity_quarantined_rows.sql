-- Raw rows staging quarantined: absent from fct_touches by design.
insert into vi_quarantined
select distinct
    source_system,
    source_table,
    cast(source_row_id as varchar) as source_row_id
from quality.fct_quarantined_rows
where source_row_id is not null
