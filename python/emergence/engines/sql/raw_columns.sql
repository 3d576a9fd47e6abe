-- The columns of every raw table in the loaders' schemas, in table order, with their
-- DuckDB types: what a copy of the raw tables to another engine must create.
select
    table_schema,
    table_name,
    column_name,
    data_type
from information_schema.columns
where table_schema in (select unnest($schemas))
order by table_schema, table_name, ordinal_position
