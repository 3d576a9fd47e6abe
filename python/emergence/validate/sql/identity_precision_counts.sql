-- Touch->account precision: kept warehouse touches with an account, and how many have the
-- expected key, by method and source table.
select
    coalesce(warehouse_touches.account_method, '(none)') as account_method,
    warehouse_touches.source_system || '.' || warehouse_touches.source_table as source_relation,
    count(*) filter (where warehouse_touches.account_key = truth.expected_account_key) as correct,
    count(*) as resolved
from vi_fct as warehouse_touches
inner join vi_truth as truth
    on
        warehouse_touches.source_system = truth.source_system
        and warehouse_touches.source_table = truth.source_table
        and warehouse_touches.source_row_id = truth.source_row_id
where
    not truth.is_dirty
    and not truth.is_quarantined
    and warehouse_touches.account_key is not null
group by all
