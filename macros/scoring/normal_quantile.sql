{#- The standard normal quantile of a probability p (0 < p < 1): the z of a two-sided
    interval at confidence c is normal_quantile(0.5 + c / 2), 1.645 at 0.90. Wichura's
    algorithm AS241 (Applied Statistics 37(3), 1988, 477-484), accurate to about 1e-16,
    which is also what Python's statistics.NormalDist.inv_cdf computes for the team-size
    kernel. p may be any SQL expression, so a parameter read at run time works too. -#}
{% macro normal_quantile(p) -%}
    {#- Coefficients of AS241, highest power first: the central region |p - 0.5| <= 0.425,
        then the tails for r = sqrt(-ln(min(p, 1 - p))) up to 5 and beyond. -#}
    {%- set central_numerator = [
        '2.5090809287301226727e+3', '3.3430575583588128105e+4', '6.7265770927008700853e+4',
        '4.5921953931549871457e+4', '1.3731693765509461125e+4', '1.9715909503065514427e+3',
        '1.3314166789178437745e+2', '3.3871328727963666080e+0'] -%}
    {%- set central_denominator = [
        '5.2264952788528545610e+3', '2.8729085735721942674e+4', '3.9307895800092710610e+4',
        '2.1213794301586595867e+4', '5.3941960214247511077e+3', '6.8718700749205790830e+2',
        '4.2313330701600911252e+1', '1.0'] -%}
    {%- set near_numerator = [
        '7.7454501427834140764e-4', '2.2723844989269184583e-2', '2.4178072517745061177e-1',
        '1.2704582524523683826e+0', '3.6478483247632045481e+0', '5.7694972214606914055e+0',
        '4.6303378461565452959e+0', '1.4234371107496835773e+0'] -%}
    {%- set near_denominator = [
        '1.0507500716444169339e-9', '5.4759380849953445460e-4', '1.5198666563616457197e-2',
        '1.4810397642748007459e-1', '6.8976733498510000455e-1', '1.6763848301838038494e+0',
        '2.0531916266377588219e+0', '1.0'] -%}
    {%- set far_numerator = [
        '2.0103343992922881327e-7', '2.7115555687434875782e-5', '1.2426609473880784386e-3',
        '2.6532189526576123093e-2', '2.9656057182850489123e-1', '1.7848265399172913358e+0',
        '5.4637849111641143699e+0', '6.6579046435011037772e+0'] -%}
    {%- set far_denominator = [
        '2.0442631033899397856e-15', '1.4215117583164458887e-7', '1.8463183175100546818e-5',
        '7.8686913114561325910e-4', '1.4875361290850614853e-2', '1.3692988092273580531e-1',
        '5.9983220655588793769e-1', '1.0'] -%}
    {%- set q = '(' ~ p ~ ' - 0.5)' -%}
    {%- set central = '(0.180625 - ' ~ q ~ ' * ' ~ q ~ ')' -%}
    {%- set tail = '(sqrt(-ln(case when ' ~ q ~ ' <= 0 then ' ~ p ~ ' else 1 - ' ~ p ~ ' end)))' -%}
    {%- set near = '(' ~ tail ~ ' - 1.6)' -%}
    {%- set far = '(' ~ tail ~ ' - 5)' -%}
    (case
        when abs({{ q }}) <= 0.425
            then {{ emergence.horner(central_numerator, central) }} * {{ q }}
            / {{ emergence.horner(central_denominator, central) }}
        else (case when {{ q }} < 0 then -1 else 1 end) * (case
            when {{ tail }} <= 5
                then {{ emergence.horner(near_numerator, near) }} / {{ emergence.horner(near_denominator, near) }}
            else {{ emergence.horner(far_numerator, far) }} / {{ emergence.horner(far_denominator, far) }}
        end)
    end)
{%- endmacro %}

{#- A polynomial in x by Horner's rule, its coefficients highest power first, each a
    double. -#}
{% macro horner(coefficients, x) -%}
    {%- set ns = namespace(value='cast(' ~ coefficients[0] ~ ' as ' ~ emergence.type_double() ~ ')') -%}
    {%- for coefficient in coefficients[1:] -%}
        {%- set ns.value = '(' ~ ns.value ~ ' * ' ~ x ~ ' + ' ~ coefficient ~ ')' -%}
    {%- endfor -%}
    {{ ns.value }}
{%- endmacro %}
