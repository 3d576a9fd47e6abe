-- Opportunities the contribution mart calls marketing-sourced, of all its opportunities.
select
    count(*) filter (where contribution_type = 'marketing_sourced') as marketing_sourced,
    count(*) as opportunities
from marts.fct_marketing_contribution
