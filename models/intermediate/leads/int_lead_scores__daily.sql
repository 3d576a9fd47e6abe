-- One row per person and date on which the person earned points: the score that day, by
-- category, with activity points decayed by the half-life (docs/lead_management.md#decay;
-- macro lead_scores_from_days). Between two such dates the score only decays, so these
-- rows are every change that matters, and lead_score_as_of() gives the score on any other
-- date. Never a dense person x day table.
with score_days as (
    select * from {{ ref('int_lead_score_days__summed') }}
),

final as (
    {{ emergence.lead_scores_from_days('score_days') }}
)

select * from final
