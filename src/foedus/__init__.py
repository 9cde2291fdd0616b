"""foedus: design, stress-test and forecast collective-defence alliances on real data.

The flow: data sources build a :class:`World` for one year; a scenario file adds treaties,
events, actors and parameters (:func:`load_scenario`); :func:`run_study` runs the whole
analysis once and returns a :class:`StudyResult` (who is bound, who comes, does it deter,
who aligns, who decides, who pays, would it be adopted), which :func:`write_report` draws.
Each step is also a verb of its own, a pure function of its inputs and a seed returning a
frozen result with ``.to_frame()`` and provenance. ``ARCHITECTURE.md`` maps the package.

The names below load on first use, so ``import foedus`` stays fast.

Examples
--------
>>> import foedus
>>> sc = foedus.load_scenario(foedus.shipped_scenario())
>>> bound = foedus.who_is_bound(sc.design("design_a").treaties, sc.event("senkaku"), sc.places, sc.names())
>>> sorted(set(bound.table.query("status == 'defend'").state))
['AUL', 'NEW', 'PHI', 'ROK', 'USA']
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from foedus.version import __version__

# name -> module that defines it, or (module, name there): loaded on first access (PEP 562).
# who_is_bound is foedus.obligations.obligations under a name that the submodule
# foedus.obligations cannot shadow.
_EXPORTS: dict[str, str | tuple[str, str]] = {
    # the world and what users write
    "World": "foedus.world",
    "Treaty": "foedus.treaty",
    "load_treaty": "foedus.treaty",
    "Event": "foedus.events",
    "Scenario": "foedus.scenario",
    "load_scenario": "foedus.scenario",
    "shipped_scenario": "foedus.scenario",
    # the study, once
    "run_study": "foedus.study",
    "StudyResult": "foedus.study",
    "write_report": "foedus.report",
    # its parts, one verb each
    "who_is_bound": ("foedus.obligations", "obligations"),
    "simulate": "foedus.crisis",
    "compare": "foedus.crisis",
    "deter": "foedus.crisis",
    "CrisisProblem": "foedus.crisis",
    "BargainingProblem": "foedus.bargaining",
    "forecast": "foedus.bargaining",
    "read_problems": "foedus.bargaining",
    "landscape": "foedus.coalitions.alignment",
    "power_index": "foedus.coalitions.power",
    "WeightedVotingGame": "foedus.coalitions.power",
    # errors a caller may catch
    "FoedusError": "foedus.errors",
    "InputError": "foedus.errors",
    "DataError": "foedus.errors",
}

__all__ = [
    "BargainingProblem",
    "CrisisProblem",
    "DataError",
    "Event",
    "FoedusError",
    "InputError",
    "Scenario",
    "StudyResult",
    "Treaty",
    "WeightedVotingGame",
    "World",
    "__version__",
    "compare",
    "deter",
    "forecast",
    "landscape",
    "load_scenario",
    "load_treaty",
    "power_index",
    "read_problems",
    "run_study",
    "shipped_scenario",
    "simulate",
    "who_is_bound",
    "write_report",
]


def __getattr__(name: str) -> Any:
    where = _EXPORTS.get(name)
    if where is None:
        raise AttributeError(f"module 'foedus' has no attribute {name!r}")
    module, attr = where if isinstance(where, tuple) else (where, name)
    value = getattr(importlib.import_module(module), attr)
    globals()[name] = value  # later look-ups skip this function
    return value


def __dir__() -> list[str]:
    return sorted(__all__)


if TYPE_CHECKING:  # for type checkers and IDEs: the same names, eagerly
    from foedus.bargaining import BargainingProblem, forecast, read_problems
    from foedus.coalitions.alignment import landscape
    from foedus.coalitions.power import WeightedVotingGame, power_index
    from foedus.crisis import CrisisProblem, compare, deter, simulate
    from foedus.errors import DataError, FoedusError, InputError
    from foedus.events import Event
    from foedus.obligations import obligations as who_is_bound
    from foedus.report import write_report
    from foedus.scenario import Scenario, load_scenario, shipped_scenario
    from foedus.study import StudyResult, run_study
    from foedus.treaty import Treaty, load_treaty
    from foedus.world import World
