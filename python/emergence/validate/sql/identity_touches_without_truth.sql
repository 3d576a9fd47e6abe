-- Warehouse touches with no truth touch.
select count(*) as touches
from vi_fct as warehouse_touches
anti join vi_truth as truth
    on
        warehouse_touches.source_system = truth.source_system
        and warehouse_touches.source_table = truth.source_table
        and warehouse_touches.source_row_id = truth.source_row_id
