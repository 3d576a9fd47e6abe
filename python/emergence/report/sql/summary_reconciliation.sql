-- Per raw table: where its rows went (raw = kept + quarantined + superseded + deleted).
select
    source_system,
    source_table,
    raw_rows,
    kept_rows,
    quarantined_rows,
    superseded_rows,
    deleted_rows,
    is_reconciled,
    is_enabled
from quality.fct_source_reconciliation
order by source_system, source_table
