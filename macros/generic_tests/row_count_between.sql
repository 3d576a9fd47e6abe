{#- Fails when the model's row count falls outside [min_rows, max_rows]. -#}
{% test row_count_between(model, min_rows=0, max_rows=none) %}
select row_count
from (select count(*) as row_count from {{ model }}) as counted
where
    row_count < {{ min_rows }}
    {%- if max_rows is not none %}
    or row_count > {{ max_rows }}
    {%- endif %}
{% endtest %}
