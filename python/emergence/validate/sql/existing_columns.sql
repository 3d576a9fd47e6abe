-- The lowercase column names of $schema_name.$table_name (compared lowercase).
select lower(column_name) as column_name
from information_schema.columns
where
    lower(table_schema) = $schema_name
    and lower(table_name) = $table_name
