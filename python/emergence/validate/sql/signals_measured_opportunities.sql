-- Account-weeks with both scores and whether the account opens an opportunity within the horizon.
select
    emergence_score,
    map_score,
    opens_opportunity
from vs_opportunity_population
