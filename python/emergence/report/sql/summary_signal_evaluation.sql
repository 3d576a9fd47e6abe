-- Per signal: AUC, top-decile lift, precision at the top K, median lead and the horizon.
select
    signal_name,
    auc,
    top_decile_lift,
    precision_at_top_k,
    top_k,
    median_lead_days,
    opportunities_flagged,
    horizon_weeks,
    positives,
    account_weeks,
    data_sufficiency
from marts.fct_signal_evaluation
order by auc desc nulls last
