-- Pipeline and revenue over every quarter, with marketing's sourced, influenced and
-- credited parts (docs/lead_management.md).
select
    sum(pipeline_created) as pipeline_created,
    sum(pipeline_marketing_sourced) as pipeline_marketing_sourced,
    sum(pipeline_marketing_influenced) as pipeline_marketing_influenced,
    sum(revenue_won) as revenue_won,
    sum(revenue_marketing_sourced) as revenue_marketing_sourced,
    sum(revenue_marketing_influenced) as revenue_marketing_influenced,
    sum(opportunities_created) as opportunities_created,
    sum(opportunities_won) as opportunities_won,
    any_value(attribution_model) as attribution_model,
    sum(pipeline_marketing_attributed) as pipeline_marketing_attributed,
    sum(revenue_marketing_attributed) as revenue_marketing_attributed
from marts.fct_marketing_contribution_quarterly
