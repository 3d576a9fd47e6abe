-- One row per account and week of a built warehouse: the emergence score's inputs, the
-- mart's score and tier, and the baselines' scores that the signal matrix compares
-- (docs/evaluation.md#matrix). Run by emergence.validate.matrix on DuckDB.
with inputs as (
    select * from intermediate.int_emergence__inputs
),

emergence as (
    select * from marts.fct_account_emergence
),

map_scores as (
    select * from marts.fct_account_map_scores
),

lead_rollup as (
    select * from marts.fct_account_lead_rollup_weekly
),

final as (
    select
        inputs.*,
        coalesce(emergence.emergence_score, 0) as mart_emergence_score,
        emergence.tier as mart_tier,
        coalesce(map_scores.map_score, 0) as map_score,
        coalesce(map_scores.top_person_score, 0) as top_person_score,
        coalesce(lead_rollup.best_lead_score, 0) as best_lead_score
    from inputs
    left join emergence
        on inputs.account_key = emergence.account_key and inputs.week_start = emergence.week_start
    left join map_scores
        on inputs.account_key = map_scores.account_key and inputs.week_start = map_scores.week_start
    left join lead_rollup
        on inputs.account_key = lead_rollup.account_key and inputs.week_start = lead_rollup.week_start
)

select * from final
