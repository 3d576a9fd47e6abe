"""``emergence validate``: compare the warehouse with the synthetic world's ground truth."""

from emergence.validate.common import Ratio
from emergence.validate.funnel import FunnelReport, FunnelStep, print_funnel_report, validate_funnel
from emergence.validate.identity import (
    IdentityReport,
    IdentityTargets,
    print_identity_report,
    validate_identity,
)
from emergence.validate.marts import MartReport, print_mart_report, validate_marts
from emergence.validate.signals import (
    ScoreFigures,
    SignalReport,
    SignalTargets,
    print_signal_report,
    validate_signals,
)
from emergence.validate.team_size import (
    MethodFigures,
    TeamSizeReport,
    print_team_size_report,
    validate_team_size,
)

__all__ = [
    "FunnelReport",
    "FunnelStep",
    "IdentityReport",
    "IdentityTargets",
    "MartReport",
    "MethodFigures",
    "Ratio",
    "ScoreFigures",
    "SignalReport",
    "SignalTargets",
    "TeamSizeReport",
    "print_funnel_report",
    "print_identity_report",
    "print_mart_report",
    "print_signal_report",
    "print_team_size_report",
    "validate_funnel",
    "validate_identity",
    "validate_marts",
    "validate_signals",
    "validate_team_size",
]
