"""The knobs of one synthetic world."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ._util import DAY, epoch_seconds

BACKGROUND_LAWS = ("demo", "size", "flat")
TEAM_SIZE_LAWS = ("demo", "log_noisy", "bands")
TEAM_ARRIVALS = ("demo", "slow", "fast")


@dataclass(frozen=True)
class WorldConfig:
    """Parameters of a world; every random draw derives from ``seed``.

    Six fields are the variant knobs of the matrix (``never_identify_share`` to
    ``team_arrival``; docs/evaluation.md#matrix, ``emergence.synth.variants``). Each default
    is the demo world's behaviour, and a knob set away from its default draws its extra
    numbers from its own random stream, so the rest of the world stays as it was.
    ``social_visit_share`` draws from a stream of its own too.

    Attributes:
        never_identify_share: share of each buying team that never identifies itself: web
            visits only, no form, email click, webinar or event while in market, and their
            devices are never stitched. ``None`` (demo): as each member's channels fall.
        home_visit_share: mean share of an employee's visits made from a home ISP or a VPN
            (addresses that resolve to no account). ``None`` (demo): about 0.325.
        background_visitors: how background traffic (employees browsing now and then)
            grows with company size: ``demo`` (with the people modelled per account),
            ``size`` (each employee's rate also grows with employees**0.3) or ``flat`` (every
            account sends the same expected volume, whatever its size).
        team_size_law: a buying team's size: ``demo`` (the firmographic prior of
            ``accounts.expected_team_size`` times U(0.8, 1.2)), ``log_noisy``
            (1.2 + 1.3 ln(employees), times a lognormal noise of sigma 0.35) or ``bands``
            (5, 9, 14 or 20 people by size band, times U(0.8, 1.2)).
        active_individual_share: share of accounts without an episode at which one person
            reads a lot for a few weeks (a lone researcher). Demo: 0.08.
        team_arrival: how fast the team shows up: ``demo`` (a 3 to 10 week ramp, the
            opportunity 2 to 8 weeks in), ``slow`` (the same ramp, the opportunity 5 to 7
            weeks in) or ``fast`` (every member within 2 weeks, the opportunity 2 to 8 weeks in).
        social_visit_share: share of the visits that do not start from an email click-through
            (nor are a crawler's) whose visitor arrives from a social network (a post, a share
            or an ad; networks from the ``social_networks`` seed, mixed as
            ``vocab.SOCIAL_MIX``). Default 0.07,
            within the 5 to 10% of web visits that B2B sites see from social networks; its
            draws come from a stream of their own (docs/engagement.md#social).
    """

    seed: int = 42
    accounts: int = 300
    days: int = 180
    start_date: date = date(2026, 1, 5)
    dirty_rate: float = 0.02
    crm_share: float = 0.7
    never_identify_share: float | None = None
    home_visit_share: float | None = None
    background_visitors: str = "demo"
    team_size_law: str = "demo"
    active_individual_share: float = 0.08
    team_arrival: str = "demo"
    social_visit_share: float = 0.07

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
        for name in ("never_identify_share", "home_visit_share"):
            value = getattr(self, name)
            if value is not None and not 0.0 <= value <= 1.0:
                raise ValueError(f"{name} must be in [0, 1] or None")
        for name in ("active_individual_share", "social_visit_share"):
            if not 0.0 <= getattr(self, name) <= 1.0:
                raise ValueError(f"{name} must be in [0, 1]")
        for name, allowed in (
            ("background_visitors", BACKGROUND_LAWS),
            ("team_size_law", TEAM_SIZE_LAWS),
            ("team_arrival", TEAM_ARRIVALS),
        ):
            if getattr(self, name) not in allowed:
                raise ValueError(f"{name} must be one of {allowed}")

    @property
    def t0(self) -> int:
        """Start of the observed period, seconds since epoch."""
        return epoch_seconds(self.start_date)

    @property
    def t1(self) -> int:
        """End of the observed period (exclusive), seconds since epoch."""
        return self.t0 + self.days * DAY
