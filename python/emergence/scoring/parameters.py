"""The emergence score's parameters as rows of a table: the ``scoring_parameters`` seed.

Pure: a pandas frame in, :class:`~emergence.scoring.emergence.EmergenceParams` out. The seed
holds one row per parameter set and parameter (``parameter_set``, ``parameter``, ``value``,
``note``): the ``default`` set chosen on the tuning world, and, after ``emergence calibrate``,
a ``calibrated`` set fitted to the warehouse's own outcomes. The dbt var
``emergence_parameter_set`` selects the set. The window lengths that shape the inputs
(persistence, concurrency and recency windows) are dbt vars read by the SQL too, so they are
passed in, never stored here.
"""

from __future__ import annotations

from dataclasses import fields

import pandas as pd

from emergence.scoring.emergence import EmergenceParams

__all__ = ["SEED_COLUMNS", "WINDOW_PARAMETERS", "params_from_table", "table_from_params"]

SEED_COLUMNS = ("parameter_set", "parameter", "value", "note")
# Parameters that describe how the SQL counted the inputs: they come from dbt vars.
WINDOW_PARAMETERS = ("persistence_weeks", "concurrency_window_days", "recent_window_days")


def stored_parameters() -> tuple[str, ...]:
    """The parameters a set holds: every EmergenceParams field but the windows."""
    return tuple(f.name for f in fields(EmergenceParams) if f.name not in WINDOW_PARAMETERS)


def params_from_table(table: pd.DataFrame, parameter_set: str, windows: dict[str, int]) -> EmergenceParams:
    """The parameters of ``parameter_set`` in ``table`` (the seed), with the windows given.

    Raises:
        ValueError: when the set is missing, a parameter is missing, repeated or unknown.
    """
    rows = table[table["parameter_set"].astype(str) == str(parameter_set)]
    if rows.empty:
        known = sorted(table["parameter_set"].astype(str).unique())
        raise ValueError(f"scoring_parameters has no set {parameter_set!r}; it has {known}")
    names = rows["parameter"].astype(str)
    repeated = sorted(names[names.duplicated()].unique())
    expected = set(stored_parameters())
    missing = sorted(expected - set(names))
    unknown = sorted(set(names) - expected)
    if repeated or missing or unknown:
        raise ValueError(
            f"scoring_parameters set {parameter_set!r}: missing {missing}, unknown {unknown}, "
            f"repeated {repeated}"
        )
    values = dict(zip(names, pd.to_numeric(rows["value"]).astype(float), strict=True))
    whole = {f.name for f in fields(EmergenceParams) if f.type in ("int", int)}
    typed = {name: int(value) if name in whole else float(value) for name, value in values.items()}
    return EmergenceParams(**typed, **{name: int(windows[name]) for name in WINDOW_PARAMETERS})


def table_from_params(params: EmergenceParams, parameter_set: str, notes: dict[str, str]) -> pd.DataFrame:
    """The seed rows of one set: every stored parameter of ``params``, with a note each."""
    return pd.DataFrame(
        [
            {
                "parameter_set": parameter_set,
                "parameter": name,
                "value": float(getattr(params, name)),
                "note": notes.get(name, ""),
            }
            for name in stored_parameters()
        ],
        columns=list(SEED_COLUMNS),
    )
