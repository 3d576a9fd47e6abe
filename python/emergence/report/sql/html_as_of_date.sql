-- The date the warehouse is as of.
select as_of_date
from intermediate.int_as_of_dates__resolved
