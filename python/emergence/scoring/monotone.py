"""A monotone logistic fit: non-negative weights on factors that each only ever add evidence.

Pure numpy, no I/O. The emergence score is a weighted mean of factors in ``[0, 1]`` (each one
non-decreasing in the people engaged), so the only weights that keep "one more engaged
person never lowers the score" are non-negative ones. This fits them by maximum likelihood:
``P(outcome) = 1 / (1 + exp(-(b + sum_i w_i * x_i)))`` with every ``w_i >= 0`` (``b`` free),
by projected Newton steps with a backtracking line search and a small ridge penalty for
stability. Used to choose the default weights on the tuning world
(``emergence.validate.matrix``) and by ``emergence calibrate`` on a warehouse's own outcomes.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

__all__ = ["MonotoneFit", "fit_monotone_logistic"]

_RIDGE = 1e-6
_MAX_STEPS = 200
_TOLERANCE = 1e-9


@dataclass(frozen=True)
class MonotoneFit:
    """The fitted intercept and non-negative weights, and the mean log-loss at the optimum."""

    intercept: float
    weights: tuple[float, ...]
    log_loss: float
    steps: int


def _loss(z: npt.NDArray[np.float64], y: npt.NDArray[np.float64], beta: npt.NDArray[np.float64]) -> float:
    margin = z @ beta
    return float(np.mean(np.logaddexp(0.0, margin) - y * margin) + _RIDGE * np.sum(beta[1:] ** 2))


def fit_monotone_logistic(features: npt.ArrayLike, outcomes: npt.ArrayLike) -> MonotoneFit:
    """Fit ``P(y) = sigmoid(b + x @ w)`` with ``w >= 0`` by maximum likelihood.

    Args:
        features: an ``(n, k)`` array of finite factor values.
        outcomes: ``n`` booleans (or 0/1).

    Returns:
        The fit (weights in the order of the columns).

    Raises:
        ValueError: on a shape mismatch, non-finite features or outcomes of one class only.
    """
    x = np.asarray(features, dtype=np.float64)
    y = np.asarray(outcomes, dtype=np.float64)
    if x.ndim != 2 or len(x) != len(y):
        raise ValueError("features must be (n, k) and outcomes n long")
    if not np.all(np.isfinite(x)):
        raise ValueError("features must be finite")
    if y.min(initial=1.0) == y.max(initial=0.0):
        raise ValueError("outcomes must hold both classes")
    z = np.column_stack([np.ones(len(x)), x])
    rate = float(np.clip(y.mean(), 1e-6, 1 - 1e-6))
    beta = np.zeros(z.shape[1])
    beta[0] = np.log(rate / (1 - rate))
    loss = _loss(z, y, beta)
    steps = 0
    for iteration in range(1, _MAX_STEPS + 1):
        steps = iteration
        p = 1.0 / (1.0 + np.exp(-(z @ beta)))
        grad = z.T @ (p - y) / len(y)
        grad[1:] += 2 * _RIDGE * beta[1:]
        # a weight held at zero by its bound stays out of the Newton step
        free = np.ones_like(beta, dtype=bool)
        free[1:] = (beta[1:] > 0) | (grad[1:] < 0)
        hess = (z[:, free].T * (p * (1 - p))) @ z[:, free] / len(y)
        hess += np.eye(int(free.sum())) * 2 * _RIDGE
        direction = np.zeros_like(beta)
        direction[free] = -np.linalg.solve(hess, grad[free])
        step, improved = 1.0, False
        while step > 1e-8:
            candidate = beta + step * direction
            candidate[1:] = np.maximum(candidate[1:], 0.0)
            new_loss = _loss(z, y, candidate)
            if new_loss <= loss - 1e-12 or new_loss < loss:
                improved = True
                break
            step /= 2
        if not improved or loss - new_loss < _TOLERANCE:
            if improved:
                beta, loss = candidate, new_loss
            break
        beta, loss = candidate, new_loss
    return MonotoneFit(
        intercept=float(beta[0]), weights=tuple(float(w) for w in beta[1:]), log_loss=loss, steps=steps
    )
