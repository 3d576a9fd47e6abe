"""The HTML report's charts as Vega-Lite specs built from small, documented data frames.

Pure functions: no database, no rendering. Each ``*_spec`` function takes the frame its
docstring describes and returns a Vega-Lite specification (a dict) with the data inlined,
so a spec can be rendered to SVG offline (``emergence.report.html``) or pasted into any
Vega-Lite editor. ``roc_curve`` is the one computation: the ROC points and AUC of a score.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from emergence.scoring.emergence import TIERS

# Tiers from the quietest to the loudest (docs/domain.md#tiers), and their colours.
TIER_ORDER = list(TIERS)  # lowest first, as the emergence_tiers seed ranks them
TIER_COLOURS = ["#c9d3dd", "#8fbce6", "#3b82c4", "#0b3d73"]
WIDTH = 640
# A ROC curve drawn with more points than this is thinned: the eye cannot tell.
MAX_ROC_POINTS = 400

_CONFIG = {
    "font": "Helvetica, Arial, sans-serif",
    "view": {"stroke": None},
    "axis": {"labelFontSize": 11, "titleFontSize": 12, "gridColor": "#eceff3"},
    "legend": {"labelFontSize": 11, "titleFontSize": 12},
    "title": {"fontSize": 14, "anchor": "start", "subtitleColor": "#5b6670"},
}


def _records(frame: pd.DataFrame) -> list[dict]:
    """Rows as JSON-ready dicts: dates as ISO strings, NaN as null."""
    out = frame.copy()
    for column in out.columns:
        if pd.api.types.is_datetime64_any_dtype(out[column]):
            out[column] = out[column].dt.strftime("%Y-%m-%d")
        elif out[column].dtype == object:
            out[column] = out[column].map(lambda v: v.isoformat() if hasattr(v, "isoformat") else v)
    out = out.astype(object).where(out.notna(), None)
    return out.to_dict(orient="records")


def _spec(title: str, subtitle: str, body: dict) -> dict:
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "title": {"text": title, "subtitle": subtitle},
        "config": _CONFIG,
        **body,
    }


def tier_distribution_spec(tiers: pd.DataFrame) -> dict:
    """Accounts at each tier, week by week, as stacked bars.

    ``tiers``: one row per week and tier with columns ``week_start`` (date), ``tier``
    (one of ``TIER_ORDER``) and ``accounts`` (int).
    """
    return _spec(
        "Accounts at each tier, week by week",
        "Every scored account; molecules are one engaged person, rivers a buying team at work.",
        {
            "width": WIDTH,
            "height": 260,
            "data": {"values": _records(tiers)},
            "mark": {"type": "bar"},
            "encoding": {
                "x": {"field": "week_start", "type": "ordinal", "timeUnit": "yearmonthdate", "title": "week"},
                "y": {"field": "accounts", "type": "quantitative", "stack": "zero", "title": "accounts"},
                "color": {
                    "field": "tier",
                    "type": "nominal",
                    "scale": {"domain": TIER_ORDER, "range": TIER_COLOURS},
                    "title": "tier",
                },
                "order": {"field": "tier_rank", "type": "quantitative"},
                "tooltip": [
                    {"field": "week_start", "type": "temporal", "title": "week"},
                    {"field": "tier", "type": "nominal"},
                    {"field": "accounts", "type": "quantitative"},
                ],
            },
            "transform": [
                {
                    "calculate": "indexof(" + str(TIER_ORDER).replace("'", '"') + ", datum.tier)",
                    "as": "tier_rank",
                }
            ],
        },
    )


def trajectories_spec(scores: pd.DataFrame, opportunities: pd.DataFrame) -> dict:
    """A few accounts' emergence scores over time, one panel each, with their opportunities.

    ``scores``: ``account_label`` (str), ``week_start`` (date), ``emergence_score``
    (0-100) and ``tier``. ``opportunities``: ``account_label`` and ``created_on`` (date),
    one row per opportunity; accounts without one simply have no red rule.
    """
    rows = _records(scores.assign(kind="score"))
    rows += _records(opportunities.rename(columns={"created_on": "week_start"}).assign(kind="opportunity"))
    panels = list(dict.fromkeys(scores["account_label"]))
    return _spec(
        "Emergence trajectories of a few accounts",
        "Weekly emergence score (0-100), coloured by tier; red rules mark the days opportunities opened.",
        {
            "data": {"values": rows},
            "facet": {
                "field": "account_label",
                "type": "nominal",
                "title": None,
                "sort": panels,
                "header": {"labelFontSize": 12, "labelAnchor": "start", "labelLimit": 300},
            },
            "columns": 2,
            "spec": {
                "width": WIDTH // 2 - 30,
                "height": 130,
                "layer": [
                    {
                        "transform": [{"filter": "datum.kind == 'score'"}],
                        "mark": {"type": "line", "color": "#9aa5b1", "strokeWidth": 1.5},
                        "encoding": {
                            "x": {"field": "week_start", "type": "temporal", "title": None},
                            "y": {
                                "field": "emergence_score",
                                "type": "quantitative",
                                "scale": {"domain": [0, 100]},
                                "title": "score",
                            },
                        },
                    },
                    {
                        "transform": [{"filter": "datum.kind == 'score'"}],
                        "mark": {"type": "point", "filled": True, "size": 28},
                        "encoding": {
                            "x": {"field": "week_start", "type": "temporal"},
                            "y": {"field": "emergence_score", "type": "quantitative"},
                            "color": {
                                "field": "tier",
                                "type": "nominal",
                                "scale": {"domain": TIER_ORDER, "range": TIER_COLOURS},
                                "title": "tier",
                            },
                        },
                    },
                    {
                        "transform": [{"filter": "datum.kind == 'opportunity'"}],
                        "mark": {"type": "rule", "color": "#d62728", "strokeWidth": 2, "strokeDash": [4, 2]},
                        "encoding": {"x": {"field": "week_start", "type": "temporal"}},
                    },
                ],
            },
            "resolve": {"scale": {"x": "shared"}},
        },
    )


def team_size_spec(teams: pd.DataFrame) -> dict:
    """People seen against the estimated buying team, one point per account, with intervals.

    ``teams``: one row per account at the newest week, with ``account_label``, ``seen``,
    ``estimated_team_size``, ``estimated_low``, ``estimated_high`` and
    ``expected_team_size``. Points above the dashed diagonal are teams partly unseen.
    """
    top = float(max(teams["estimated_team_size"].max(), teams["seen"].max(), 1.0)) if len(teams) else 1.0
    diagonal = {
        "values": [{"seen": 0.0, "estimated_team_size": 0.0}, {"seen": top, "estimated_team_size": top}]
    }
    xy = {
        "x": {"field": "seen", "type": "quantitative", "title": "people seen (engaged, in the team window)"},
        "y": {"field": "estimated_team_size", "type": "quantitative", "title": "estimated buying team"},
    }
    return _spec(
        "People seen against the estimated buying team",
        "Newest week, accounts with anyone seen; bars: the interval; dashed line: 'we saw everyone'.",
        {
            "width": WIDTH,
            "height": 320,
            "layer": [
                {
                    "data": diagonal,
                    "mark": {"type": "line", "color": "#9aa5b1", "strokeDash": [5, 4]},
                    "encoding": xy,
                },
                {
                    "data": {"values": _records(teams)},
                    "layer": [
                        {
                            "mark": {"type": "rule", "color": "#8fbce6"},
                            "encoding": {
                                "x": xy["x"],
                                "y": {"field": "estimated_low", "type": "quantitative"},
                                "y2": {"field": "estimated_high"},
                            },
                        },
                        {
                            "mark": {
                                "type": "point",
                                "filled": True,
                                "size": 40,
                                "color": "#0b3d73",
                                "opacity": 0.6,
                            },
                            "encoding": {
                                **xy,
                                "tooltip": [
                                    {"field": "account_label", "title": "account"},
                                    {"field": "seen", "type": "quantitative"},
                                    {"field": "estimated_team_size", "type": "quantitative", "format": ".1f"},
                                    {"field": "expected_team_size", "type": "quantitative", "format": ".1f"},
                                ],
                            },
                        },
                    ],
                },
            ],
        },
    )


def waterfall_spec(funnel: pd.DataFrame) -> dict:
    """The demand waterfall: how many entered each stage, and the conversion to the next.

    ``funnel``: one row per stage in funnel order, with ``stage`` (str), ``entered``
    (int) and ``conversion_to_next`` (share 0-1, null at the last stage).
    """
    frame = funnel.copy()
    frame["stage_order"] = range(len(frame))
    frame["conversion_label"] = [
        f"{entered:,.0f}" + ("" if share is None or pd.isna(share) else f" · {share:.0%} move on")
        for entered, share in zip(frame["entered"], frame["conversion_to_next"], strict=True)
    ]
    y = {"field": "stage", "type": "nominal", "sort": list(frame["stage"]), "title": None}
    return _spec(
        "Demand waterfall",
        "How many entered each stage, and the share that moved on to the next.",
        {
            "width": WIDTH - 120,
            "height": {"step": 34},
            "data": {"values": _records(frame)},
            "layer": [
                {
                    "mark": {"type": "bar", "color": "#3b82c4"},
                    "encoding": {
                        "y": y,
                        "x": {"field": "entered", "type": "quantitative", "title": "entered"},
                    },
                },
                {
                    "mark": {"type": "text", "align": "left", "dx": 4, "color": "#1f2933"},
                    "encoding": {
                        "y": y,
                        "x": {"field": "entered", "type": "quantitative"},
                        "text": {"field": "conversion_label"},
                    },
                },
            ],
        },
    )


@dataclass(frozen=True)
class RocCurve:
    """A score's ROC curve: false- and true-positive rates by threshold, and its AUC."""

    fpr: np.ndarray
    tpr: np.ndarray
    auc: float | None


def roc_curve(scores: np.ndarray, labels: np.ndarray) -> RocCurve:
    """The ROC curve of ``scores`` for boolean ``labels``, one point per distinct score.

    Tied scores move together (a diagonal step), so the area under the curve counts ties
    as half, as the ``auc_select`` macro does (docs/evaluation.md#figures). Without both a
    positive and a negative there is no curve: the AUC is None.
    """
    scores = np.asarray(scores, dtype=float)
    labels = np.asarray(labels, dtype=bool)
    positives, negatives = int(labels.sum()), int((~labels).sum())
    if positives == 0 or negatives == 0:
        return RocCurve(np.array([0.0, 1.0]), np.array([0.0, 1.0]), None)
    order = np.argsort(-scores, kind="stable")
    sorted_scores, sorted_labels = scores[order], labels[order]
    # The last index of each run of equal scores: thresholds between distinct values.
    ends = np.r_[np.nonzero(np.diff(sorted_scores))[0], len(sorted_scores) - 1]
    true_pos = np.cumsum(sorted_labels)[ends]
    false_pos = (ends + 1) - true_pos
    tpr = np.r_[0.0, true_pos / positives]
    fpr = np.r_[0.0, false_pos / negatives]
    auc = float(np.sum(np.diff(fpr) * (tpr[1:] + tpr[:-1]) / 2))
    return RocCurve(fpr, tpr, auc)


def roc_frame(labelled: pd.DataFrame) -> tuple[pd.DataFrame, dict[str, float | None]]:
    """ROC points and AUC per signal, for any number of signals.

    ``labelled``: one row per account-week and signal with ``signal_name``, ``score`` and
    ``is_positive``. Returns the points (``signal``, ``step``, ``fpr``, ``tpr``; at most
    ``MAX_ROC_POINTS`` per signal) and the AUC of each signal.
    """
    points, aucs = [], {}
    for signal, rows in labelled.groupby("signal_name", sort=True):
        curve = roc_curve(rows["score"].to_numpy(), rows["is_positive"].to_numpy())
        aucs[str(signal)] = curve.auc
        keep = np.unique(np.linspace(0, len(curve.fpr) - 1, min(len(curve.fpr), MAX_ROC_POINTS)).astype(int))
        label = f"{signal} (AUC {curve.auc:.3f})" if curve.auc is not None else f"{signal} (no AUC)"
        points.append(
            pd.DataFrame({"signal": label, "step": keep, "fpr": curve.fpr[keep], "tpr": curve.tpr[keep]})
        )
    frame = (
        pd.concat(points, ignore_index=True)
        if points
        else pd.DataFrame(columns=["signal", "step", "fpr", "tpr"])
    )
    return frame, aucs


def roc_spec(points: pd.DataFrame) -> dict:
    """ROC curves, one line per signal, over the chance diagonal.

    ``points``: ``signal`` (the legend label), ``step`` (drawing order), ``fpr`` and ``tpr``,
    as ``roc_frame`` returns.
    """
    chance = {"values": [{"fpr": 0.0, "tpr": 0.0}, {"fpr": 1.0, "tpr": 1.0}]}
    axes = {
        "x": {
            "field": "fpr",
            "type": "quantitative",
            "title": "false-positive rate",
            "scale": {"domain": [0, 1]},
        },
        "y": {
            "field": "tpr",
            "type": "quantitative",
            "title": "true-positive rate",
            "scale": {"domain": [0, 1]},
        },
    }
    return _spec(
        "Which signal finds the accounts that open an opportunity?",
        "ROC of each signal over account-weeks; positive: an opportunity within the evaluation horizon.",
        {
            "width": 420,
            "height": 420,
            "layer": [
                {
                    "data": chance,
                    "mark": {"type": "line", "color": "#9aa5b1", "strokeDash": [5, 4]},
                    "encoding": axes,
                },
                {
                    "data": {"values": _records(points)},
                    "mark": {"type": "line", "strokeWidth": 2.2, "interpolate": "linear"},
                    "encoding": {
                        **axes,
                        "order": {"field": "step", "type": "quantitative"},
                        "color": {
                            "field": "signal",
                            "type": "nominal",
                            "title": "signal",
                            "scale": {"scheme": "category10"},
                            "legend": {"orient": "bottom-right", "labelLimit": 320},
                        },
                    },
                },
            ],
        },
    )
