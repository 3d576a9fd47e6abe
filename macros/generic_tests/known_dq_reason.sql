{#- Fails on every row whose rejection reason is not in the dq_reasons seed, the reasons'
    one home (docs/data_quality.md). `layer` holds every row to the reasons of one layer;
    `layer_column` holds each row to the layer its own column names. -#}
{% test known_dq_reason(model, column_name, layer=none, layer_column=none) %}
select candidate.*
from {{ model }} as candidate
where
    candidate.{{ column_name }} is not null
    and not exists (
        select 1
        from {{ ref('dq_reasons') }} as reasons
        where
            reasons.dq_reason = candidate.{{ column_name }}
            {%- if layer %}
                and reasons.rejected_layer = '{{ layer }}'
            {%- endif %}
            {%- if layer_column %}
                and reasons.rejected_layer = candidate.{{ layer_column }}
            {%- endif %}
    )
{% endtest %}
