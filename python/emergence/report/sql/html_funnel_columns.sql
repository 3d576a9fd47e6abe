-- The columns the demand waterfall mart has.
select column_name
from information_schema.columns
where table_schema = 'marts' and table_name = 'fct_lead_funnel'
