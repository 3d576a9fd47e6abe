-- Per channel: the opportunities it touched before their creation, their share, and the
-- pipeline they carry (docs/contribution.md#channels).
select
    channel,
    opportunities_touched,
    opportunity_share,
    pipeline_touched,
    pipeline_share
from marts.fct_channel_contribution
order by channel_rank
