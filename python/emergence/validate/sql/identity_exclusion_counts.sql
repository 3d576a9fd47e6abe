-- Truth touches left out: on a dirty raw row, or quarantined by staging (and not dirty).
select
    count(*) filter (where is_dirty) as excluded_dirty,
    count(*) filter (where is_quarantined and not is_dirty) as excluded_quarantined
from vi_truth
