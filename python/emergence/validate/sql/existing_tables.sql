-- Every schema.table of the database (lowercase), views included.
select lower(table_schema) || '.' || lower(table_name) as relation
from information_schema.tables
