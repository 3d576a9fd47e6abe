"""Pure scoring kernels: pandas or numpy in and out; no dbt, no DuckDB, no I/O.

dbt Python models are thin adapters around these functions: they load their refs, pass
parameters read from dbt vars, and return the frame (see ARCHITECTURE, "Python inside dbt").
"""

from emergence.scoring.emergence import EmergenceParams, score_emergence
from emergence.scoring.frames import typed_frame
from emergence.scoring.team_size import chao2_interval, chao2_unseen, estimate_team_size

__all__ = [
    "chao2_interval",
    "chao2_unseen",
    "estimate_team_size",
    "EmergenceParams",
    "score_emergence",
    "typed_frame",
]
