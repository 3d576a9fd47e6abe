{#- Fails on every row where `expression` does not hold. The expression is a complete
    boolean SQL expression; used on a column, it still names the column itself. -#}
{% test expression_is_true(model, expression, column_name=none) %}
select *
from {{ model }}
where not ({{ expression }})
{% endtest %}
