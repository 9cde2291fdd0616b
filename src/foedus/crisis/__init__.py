"""Crisis simulation: who actually comes, who prevails, and does the pact deter.

Being bound is not coming. :mod:`foedus.obligations` says who *must* act for an event; this
package turns obligations into probabilities and runs a Monte Carlo over member decisions
and model uncertainty jointly. It has the shape of :mod:`foedus.bargaining`: the problem as a
frozen spec, the models behind small protocols, a result type.

=============================== ==================================================================
module                          what it owns
=============================== ==================================================================
:mod:`~foedus.crisis.problem`   :class:`CrisisProblem`: one event under one design, resolved once
:mod:`~foedus.crisis.draws`     :class:`Draws`: the parameters of a block of draws, typed
:mod:`~foedus.crisis.response`  who comes: :class:`ResponseModel`, :class:`AssumedResponse`
:mod:`~foedus.crisis.contest`   who prevails: :class:`OutcomeModel`, :class:`TullockContest`
:mod:`~foedus.crisis.estimated` both, learned from history: :class:`EstimatedResponse`,
                                :class:`EstimatedOutcome` (the defaults)
:mod:`~foedus.crisis.features`  the covariates the estimated models read, from a World
:mod:`~foedus.crisis.deterrence` the War Trap rule, portfolios, counter-events
:mod:`~foedus.crisis.montecarlo` the draws, seeds and chunks: :func:`simulate`, :func:`compare`
:mod:`~foedus.crisis.result`    :class:`CrisisResult`, :class:`ComparisonResult`
=============================== ==================================================================

A new model of who comes (or who prevails) is a class with ``name``, ``citations`` and the
protocol's method, registered in :data:`~foedus.crisis.response.RESPONSE_MODELS` (or
:data:`~foedus.crisis.contest.OUTCOME_MODELS`), and :func:`simulate` takes it by name.

Examples
--------
>>> from foedus.crisis import compare
>>> from foedus.scenario import load_scenario, shipped_scenario
>>> c = compare(load_scenario(shipped_scenario()), "senkaku", draws=640, seed=1)
>>> list(c.to_frame().design)
['hub_and_spoke', 'design_a', 'design_b', 'design_c']
"""

from __future__ import annotations

from foedus.crisis import deterrence
from foedus.crisis.contest import OUTCOME_MODELS, OutcomeModel, TullockContest
from foedus.crisis.draws import Draws
from foedus.crisis.estimated import EstimatedOutcome, EstimatedResponse
from foedus.crisis.montecarlo import (
    CHUNK,
    MODEL_SETS,
    compare,
    deter,
    model_set,
    simulate,
    simulate_event,
    simulate_problems,
)
from foedus.crisis.problem import LEVEL, CrisisProblem
from foedus.crisis.response import RESPONSE_MODELS, AssumedResponse, ResponseModel, response_probability
from foedus.crisis.result import ComparisonResult, CrisisResult, wilson

CITATIONS = tuple(
    dict.fromkeys(
        (
            *EstimatedResponse().citations,
            *EstimatedOutcome().citations,
            *AssumedResponse.citations,
            *TullockContest.citations,
            *deterrence.CITATIONS,
            "signorino_1999",
        )
    )
)
"""Every reference of the crisis models, estimated and assumed (for ``foedus cite crisis``)."""

__all__ = [
    "CHUNK",
    "CITATIONS",
    "LEVEL",
    "MODEL_SETS",
    "OUTCOME_MODELS",
    "RESPONSE_MODELS",
    "AssumedResponse",
    "ComparisonResult",
    "CrisisProblem",
    "CrisisResult",
    "Draws",
    "EstimatedOutcome",
    "EstimatedResponse",
    "OutcomeModel",
    "ResponseModel",
    "TullockContest",
    "compare",
    "deter",
    "model_set",
    "response_probability",
    "simulate",
    "simulate_event",
    "simulate_problems",
    "wilson",
]
