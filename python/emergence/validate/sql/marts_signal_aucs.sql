-- The AUC the evaluation mart computes for each signal.
select
    signal_name,
    auc
from marts.fct_signal_evaluation
