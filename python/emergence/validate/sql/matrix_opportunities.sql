-- The opportunity episodes whose lead time can be measured (temporary tables vs_leads and
-- vs_episodes of emergence.validate.signals), with the oracle's lead: the days from the
-- first week at which half the true team had touched something to the opportunity.
select
    episodes.episode_id,
    episodes.account_key,
    episodes.start_date,
    episodes.opportunity_date,
    leads.ceiling_lead_days
from vs_leads as leads
inner join vs_episodes as episodes
    on leads.episode_id = episodes.episode_id
where leads.measurable
