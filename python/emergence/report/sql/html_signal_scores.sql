-- Every signal's score and label per account-week.
select
    signal_name,
    score,
    is_positive
from intermediate.int_signal_scores__labelled
