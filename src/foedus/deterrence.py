"""Deprecated: the deterrence arithmetic moved into :mod:`foedus.crisis`.

``foedus.deterrence`` re-exports the functions from their new homes for one release, with a
:class:`DeprecationWarning`: the loss-of-strength gradient and the contest are in
:mod:`foedus.crisis.contest`, the War Trap rule, portfolios and counter-events in
:mod:`foedus.crisis.deterrence`, distances and capability shares in :mod:`foedus.crisis.problem`.
"""

from __future__ import annotations

import warnings
from typing import Any

_MOVED = {
    "km_to_miles": "foedus.crisis.contest",
    "gradient_exponent": "foedus.crisis.contest",
    "discounted_capability": "foedus.crisis.contest",
    "contest_success": "foedus.crisis.contest",
    "war_trap_eu": "foedus.crisis.deterrence",
    "third_party_eu": "foedus.crisis.deterrence",
    "design_ties": "foedus.crisis.deterrence",
    "design_tau_b": "foedus.crisis.deterrence",
    "counter_events": "foedus.crisis.deterrence",
    "capital_distance_km": "foedus.crisis.problem",
    "capability_shares": "foedus.crisis.problem",
}

__all__ = sorted(_MOVED)


def __getattr__(name: str) -> Any:
    if name not in _MOVED:
        raise AttributeError(f"module 'foedus.deterrence' has no attribute {name!r}")
    import importlib

    warnings.warn(
        f"foedus.deterrence.{name} moved to {_MOVED[name]}.{name}; foedus.deterrence goes in 0.3",
        DeprecationWarning,
        stacklevel=2,
    )
    return getattr(importlib.import_module(_MOVED[name]), name)
