-- Quarantined rows by table and reason, largest first.
select
    source_system || '.' || source_table as source_relation,
    dq_reason,
    count(*) as quarantined_rows
from quality.fct_quarantined_rows
group by all
order by 3 desc, 1 asc, 2 asc
