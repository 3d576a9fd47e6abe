-- Per channel: touches, bot touches, the share with an account, weighted engagement.
select
    channel,
    count(*) as touches,
    count(*) filter (where is_bot) as bot_touches,
    avg(case when account_key is not null then 1.0 else 0.0 end) as share_with_account,
    sum(weight) as weighted_engagement
from marts.fct_touches
group by channel
order by touches desc
