-- Whether $schema_name.$table_name exists (a table or a view).
select count(*) as relations
from information_schema.tables
where table_schema = $schema_name and table_name = $table_name
