"""The knobs of one synthetic world."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ._util import DAY, epoch_seconds


@dataclass(frozen=True)
class WorldConfig:
    """Parameters of a world; every random draw derives from ``seed``."""

    seed: int = 42
    accounts: int = 300
    days: int = 180
    start_date: date = date(2026, 1, 5)
    dirty_rate: float = 0.02
    crm_share: float = 0.7

    def __post_init__(self) -> None:
        if self.accounts < 1:
            raise ValueError("accounts must be >= 1")
        if self.days < 7:
            raise ValueError("days must be >= 7")
        if not 0.0 <= self.dirty_rate < 0.5:
            raise ValueError("dirty_rate must be in [0, 0.5)")
        if not 0.0 <= self.crm_share <= 1.0:
            raise ValueError("crm_share must be in [0, 1]")
        if self.seed < 0:
            raise ValueError("seed must be >= 0")

    @property
    def t0(self) -> int:
        """Start of the observed period, seconds since epoch."""
        return epoch_seconds(self.start_date)

    @property
    def t1(self) -> int:
        """End of the observed period (exclusive), seconds since epoch."""
        return self.t0 + self.days * DAY
