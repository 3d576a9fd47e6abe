-- Truth opportunities whose first touch is a lead source of the marketing group
-- ($marketing_sources, read from the lead_source_groups seed), of all truth opportunities.
select
    count(*) filter (where list_contains($marketing_sources, opportunity_lead_source)) as marketing_sourced,
    count(*) as opportunities
from synth_truth.episodes
where opportunity_id is not null
