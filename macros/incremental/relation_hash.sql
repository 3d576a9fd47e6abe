{#- A query giving one row, `relation_hash`: a hash of every row of `relation` (a relation
    or CTE name) over `columns`, in an order of their own. An incremental model that applies
    a small lookup to each of its rows (the reverse-IP segments, the title rules) stores it
    with each row, and re-reads every row when the lookup's hash is no longer the stored one.
    An empty relation hashes as the empty string. -#}
{% macro relation_hash(relation, columns) -%}
    select {{ dbt.hash("coalesce(" ~ emergence.sorted_listagg(emergence.row_hash(columns), "','") ~ ", '')") }} as relation_hash
    from {{ relation }}
{%- endmacro %}
