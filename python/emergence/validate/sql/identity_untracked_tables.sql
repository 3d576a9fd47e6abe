-- Truth source tables that fct_touches does not carry at all.
select distinct truth.source_system || '.' || truth.source_table as source_relation
from vi_truth as truth
anti join vi_fct_tables as tracked
    on
        truth.source_system = tracked.source_system
        and truth.source_table = tracked.source_table
order by 1
