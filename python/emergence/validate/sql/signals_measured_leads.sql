-- Each opportunity episode: whether its river lead can be measured, the river's lead and the
-- oracle's lead in days.
select
    measurable,
    lead_days,
    ceiling_lead_days
from vs_leads
