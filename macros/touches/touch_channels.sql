{#- The channels a touch falls in (docs/engagement.md), in the order the engagement facts
    keep their per-channel columns: the one list of them. The buying-team estimator counts
    each channel as one capture occasion (var team_capture_occasions);
    tests/touches/assert_touch_channels_are_declared.sql holds the touches, the touch_weights
    seed and that var to this list. -#}
{% macro touch_channels() -%}
    {{ return(['web', 'email', 'form', 'event', 'sales', 'social']) }}
{%- endmacro %}
