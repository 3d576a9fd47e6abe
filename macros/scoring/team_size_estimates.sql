{#- The buying-team estimate as SQL: the same rules, in the same floating-point steps, as
    the reference kernel emergence.scoring.team_size.estimate_team_size (docs/team_size.md):
    Chao2 over channels on known people, its log-normal interval, anonymous visitors
    filling the unseen first, and the prior as a floor that evidence raises. It serves
    the engines that run no dbt Python models; on DuckDB both run and the test rows_agree
    holds them to each other on every row (DECISIONLOG.md, "Scoring in SQL").

    `inputs` is a relation or CTE with the kernel's input columns, `parameters` one row
    with occasions, prior_strength, min_known_people and confidence. The result has the
    input columns, the kernel's output columns, and the columns named in `carry`. Unlike
    the kernel it does not check its inputs: the upstream models' tests do. A query of its
    own, with a CTE per step; a caller nests it (`estimated as ( {{ ... }} )`). -#}
{% macro team_size_estimates(inputs, parameters, carry=[]) -%}
    {%- set input_columns = [
        'account_key', 'week_start', 'known_seen', 'anonymous_seen', 'q1', 'q2', 'expected_team_size'] + carry -%}
    {%- set double = emergence.type_double() -%}
with team_counted as (
    {#- The counts as doubles beside the parameters, z the normal quantile of the
        confidence. Too thin for capture-recapture: fewer known people than
        min_known_people, or nobody seen in one or two channels. #}
    select
        {%- for column in input_columns %}
        inputs.{{ column }},
        {%- endfor %}
        cast(inputs.known_seen as {{ double }}) as known_count,
        cast(inputs.anonymous_seen as {{ double }}) as anonymous_count,
        cast(inputs.q1 as {{ double }}) as q1_count,
        cast(inputs.q2 as {{ double }}) as q2_count,
        cast(inputs.known_seen as {{ double }}) + cast(inputs.anonymous_seen as {{ double }}) as seen,
        cast(inputs.expected_team_size as {{ double }}) as team_prior,
        (inputs.known_seen < parameters.min_known_people or inputs.q1 + inputs.q2 = 0) as is_thin,
        (parameters.occasions - 1.0) / parameters.occasions as capture_share,
        parameters.prior_strength,
        parameters.z
    from {{ inputs }} as inputs
    cross join (
        select
            given.*,
            {{ emergence.normal_quantile('(0.5 + given.confidence / 2.0)') }} as z
        from {{ parameters }} as given
    ) as parameters
),

team_chao2 as (
    {#- Chao2's unseen f0: the classic form when someone was seen in two channels
        (Q2 > 0), the bias-corrected form otherwise. #}
    select
        team_counted.*,
        case
            when q2_count > 0 then capture_share * (q1_count * q1_count) / (2.0 * q2_count)
            else capture_share * q1_count * (q1_count - 1) / 2.0
        end as unseen_chao2
    from team_counted
),

team_variance as (
    {#- Its variance (EstimateS eq. 10 and 11); none when f0 is 0. #}
    select
        team_chao2.*,
        case
            when unseen_chao2 <= 0 then 0
            when q2_count > 0 then greatest(0, q2_count * (
                capture_share / 2.0 * ((q1_count / q2_count) * (q1_count / q2_count))
                + capture_share * capture_share * power(q1_count / q2_count, 3)
                + capture_share * capture_share / 4.0 * power(q1_count / q2_count, 4)
            ))
            when q1_count > 1 then greatest(0,
                capture_share * q1_count * (q1_count - 1) / 2.0
                + capture_share * capture_share * q1_count * ((2.0 * q1_count - 1) * (2.0 * q1_count - 1)) / 4.0
                - capture_share * capture_share * power(q1_count, 4) / (4.0 * (
                    case when known_count + unseen_chao2 > 0 then known_count + unseen_chao2 else 1 end
                ))
            )
            else 0
        end as unseen_variance
    from team_chao2
),

team_interval as (
    {#- The log-normal interval of the unseen (Chao 1987): the total never falls below the
        known people; C = exp(z sqrt(ln(1 + var / f0^2))). #}
    select
        team_variance.*,
        case
            when unseen_chao2 > 0
                then exp(z * sqrt({{ emergence.log1p('unseen_variance / (unseen_chao2 * unseen_chao2)') }}))
        end as interval_spread
    from team_variance
),

team_unseen as (
    {#- Anonymous visitors fill the estimated unseen first (docs/team_size.md). #}
    select
        team_interval.*,
        case when not is_thin then greatest(0, unseen_chao2 - anonymous_count) end as unseen,
        case
            when not is_thin then greatest(0, (
                case when unseen_chao2 > 0 then known_count + unseen_chao2 / interval_spread else known_count end
            ) - known_count - anonymous_count)
        end as unseen_low,
        case
            when not is_thin then greatest(0, (
                case when unseen_chao2 > 0 then known_count + unseen_chao2 * interval_spread else known_count end
            ) - known_count - anonymous_count)
        end as unseen_high
    from team_interval
),

team_evidence as (
    select
        team_unseen.*,
        case when is_thin then seen else seen + unseen end as evidence,
        case when is_thin then seen else seen + unseen_low end as evidence_low,
        case when is_thin then seen else seen + unseen_high end as evidence_high,
        case when seen + prior_strength > 0 then seen / (seen + prior_strength) else 1 end as evidence_share
    from team_unseen
)

select
    {%- for column in input_columns %}
    {{ column }},
    {%- endfor %}
    seen,
    unseen,
    unseen_low,
    unseen_high,
    {{ emergence.team_raised_by_evidence('evidence') }} as estimated_team_size,
    case
        when is_thin then seen
        {#- The low end is the plain weighted mean: it may fall below the prior. #}
        when team_prior is null then greatest(seen, evidence_low)
        else greatest(seen, team_prior + evidence_share * (evidence_low - team_prior))
    end as estimated_low,
    {{ emergence.team_raised_by_evidence('evidence_high') }} as estimated_high,
    case
        when is_thin then 'prior_only'
        when q2_count > 0 then 'chao2'
        else 'chao2_bias_corrected'
    end as estimate_method
from team_evidence
{%- endmacro %}

{% macro team_raised_by_evidence(evidence) -%}
    greatest(seen, case
        when team_prior is null then {{ evidence }}
        else team_prior + evidence_share * greatest(0, {{ evidence }} - team_prior)
    end)
{%- endmacro %}

{#- ln(1 + x) for x >= 0, accurate for small x too (Goldberg's correction: the rounding
    of 1 + x is divided out), where not every engine has log1p. -#}
{% macro log1p(x) -%}
    (case
        when 1 + {{ x }} = 1 then {{ x }}
        else ln(1 + {{ x }}) * {{ x }} / ((1 + {{ x }}) - 1)
    end)
{%- endmacro %}
