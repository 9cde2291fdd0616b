"""Bargaining forecasts: will a proposal be adopted, and where will the actors settle?

A :class:`BargainingProblem` (actors with capability, position and salience) goes into
:func:`forecast` with a model name; a :class:`ForecastResult` comes out. Models:

=========== ============================================== =====================================
name        model                                          module
=========== ============================================== =====================================
mean        compromise model (weighted mean)               :mod:`~foedus.bargaining.compromise`
median      weighted median (median voter)                 :mod:`~foedus.bargaining.median`
bdm         Bueno de Mesquita's expected-utility model     :mod:`~foedus.bargaining.bdm`
            (Scholz, Calbert & Smith 2011)
nash        asymmetric Nash bargaining solution            :mod:`~foedus.bargaining.nash`
ktab        KTAB spatial model of politics                 ``foedus.bargaining.ktab``
ensemble    convex combination of member models            :mod:`~foedus.bargaining.ensemble`
procedural  veto players: reference point, voting rule,    :mod:`~foedus.bargaining.procedural`
            agenda setter (Steunenberg; Crombez)
exchange    exchange of support across a proposal's        :mod:`~foedus.bargaining.exchange`
            linked issues (Stokman & Van Oosten)
learned     compromise corrected by a median regression    :mod:`~foedus.bargaining.learned`
            fitted on DEU III's training half
=========== ============================================== =====================================

:func:`forecast_table` forecasts many issues with many models at once (linking each
proposal's issues for the models that trade across them), and
:func:`recommended_model` names the model with the best out-of-sample record and
its expected error.

Every model is a function ``(problem, *, seed=None, **options) -> ForecastResult``;
:func:`register` adds one. ``ktab`` is imported only when first asked for.

Examples
--------
>>> from foedus.bargaining import BargainingProblem, forecast
>>> p = BargainingProblem(("A", "B", "C"), [1, 1, 2], [0, 40, 100], [1, 1, 0.5])
>>> float(forecast(p, model="mean").outcome[0]), float(forecast(p, model="median").outcome[0])
(46.666666666666664, 40.0)
"""

from __future__ import annotations

import importlib
import inspect
from collections.abc import Callable, Iterable, Sequence
from contextvars import ContextVar
from typing import Any

from foedus.bargaining.batch import forecast_table, recommended_model
from foedus.bargaining.io import (
    problem_from_mapping,
    problems_from_frame,
    problems_from_mapping,
    read_csv,
    read_problem,
    read_problems,
    read_yaml,
)
from foedus.bargaining.problem import BargainingProblem
from foedus.bargaining.result import ForecastResult
from foedus.errors import InputError
from foedus.seeds import SeedLike, spawn

__all__ = [
    "MODELS",
    "BargainingProblem",
    "ForecastResult",
    "available_models",
    "forecast",
    "forecast_all",
    "forecast_issues",
    "forecast_table",
    "problem_from_mapping",
    "problems_from_frame",
    "problems_from_mapping",
    "read_csv",
    "read_problem",
    "read_problems",
    "read_yaml",
    "recommended_model",
    "register",
]

Model = Callable[..., ForecastResult]

MODELS: dict[str, str | Model] = {
    "mean": "foedus.bargaining.compromise:forecast",
    "median": "foedus.bargaining.median:forecast",
    "bdm": "foedus.bargaining.bdm:forecast",
    "nash": "foedus.bargaining.nash:forecast",
    "ktab": "foedus.bargaining.ktab:forecast",
    "ensemble": "foedus.bargaining.ensemble:forecast",
    "procedural": "foedus.bargaining.procedural:forecast",
    "exchange": "foedus.bargaining.exchange:forecast",
    "learned": "foedus.bargaining.learned:forecast",
}
"""Model name -> callable, or ``"module:function"`` resolved on first use."""


def register(name: str, model: str | Model) -> None:
    """Add (or replace) a model under ``name``: a callable or ``"module:function"``."""
    MODELS[name] = model


def _resolve(name: str) -> Model:
    if not isinstance(name, str) or name not in MODELS:
        raise InputError(
            f"unknown bargaining model {name!r}",
            hint=f"use one of {', '.join(sorted(MODELS))} (or 'all' with forecast_all)",
        )
    target = MODELS[name]
    if callable(target):
        return target
    module_name, _, func_name = target.partition(":")
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name != module_name:
            raise
        raise InputError(
            f"bargaining model {name!r} is not available in this installation ({module_name} is missing)",
            hint=f"use another model: {', '.join(n for n in MODELS if n != name)}",
        ) from None
    model = getattr(module, func_name)
    MODELS[name] = model
    return model


def available_models() -> list[str]:
    """The registered models that can be imported here, in registry order."""
    out = []
    for name in MODELS:
        try:
            _resolve(name)
        except InputError:
            continue
        out.append(name)
    return out


def _check_options(name: str, model: Model, options: dict[str, Any]) -> None:
    params = inspect.signature(model).parameters
    if any(p.kind is inspect.Parameter.VAR_KEYWORD for p in params.values()):
        return
    known = [p for p, v in params.items() if v.kind is inspect.Parameter.KEYWORD_ONLY]
    unknown = sorted(set(options) - set(known))
    if unknown:
        accepted = ", ".join(k for k in known if k != "seed") or "none"
        raise InputError(
            f"model {name!r}: unknown option(s) {', '.join(unknown)}",
            hint=f"options it accepts: {accepted}",
        )


def forecast(
    problem: BargainingProblem, model: str = "bdm", *, seed: SeedLike = None, **options: Any
) -> ForecastResult:
    """Forecast one issue with the model ``model``.

    Parameters
    ----------
    problem : BargainingProblem
    model : str
        A registered model name (see :data:`MODELS`); default ``"bdm"``.
    seed : int, Generator, SeedSequence or None
        Passed to the model (the deterministic models record it only).
    **options
        The model's own options (e.g. ``variant=``, ``max_rounds=`` for ``"bdm"``).

    Raises
    ------
    InputError
        For an unknown model name or option, or bad input.

    Examples
    --------
    >>> p = BargainingProblem(("A", "B"), [1, 1], [0, 100], [1, 1])
    >>> forecast(p, "nash").outcome.tolist()
    [50.0]
    """
    if not isinstance(problem, BargainingProblem):
        raise InputError(
            f"forecast: expected a BargainingProblem, got {type(problem).__name__}",
            hint="build one with BargainingProblem(...) or read it with read_problem(path)",
        )
    func = _resolve(model)
    _check_options(model, func, options)
    memo = _MEMO.get()
    if memo is None:
        return func(problem, seed=seed, **options)
    key = (id(problem), model, _frozen(options), id(seed) if seed is not None else None)
    if key not in memo:
        memo[key] = func(problem, seed=seed, **options)
    return memo[key]


# Within forecast_table, a combination model asks for the same member forecast (the same
# problem, model, options and seed object) that the table has already made: reuse it.
_MEMO: ContextVar[dict | None] = ContextVar("foedus_bargaining_memo", default=None)


def _frozen(value: Any) -> Any:
    if isinstance(value, BargainingProblem):
        return ("problem", id(value))
    if isinstance(value, dict):
        return tuple(sorted((k, _frozen(v)) for k, v in value.items()))
    if isinstance(value, (list, tuple)):
        return tuple(_frozen(v) for v in value)
    return value if isinstance(value, (str, int, float, bool, type(None))) else ("object", id(value))


def forecast_all(
    problem: BargainingProblem,
    models: Iterable[str] | None = None,
    seed: SeedLike = None,
    options: dict[str, dict[str, Any]] | None = None,
) -> dict[str, ForecastResult]:
    """Forecast one issue with several models (default: every available one).

    Every model gets the same ``seed``, so adding or removing a model never changes
    another model's answer. ``options`` maps a model name to its options.

    Examples
    --------
    >>> p = BargainingProblem(("A", "B"), [1, 3], [0, 100], [1, 1])
    >>> {k: round(float(v.outcome[0]), 6) for k, v in
    ...  forecast_all(p, ["mean", "median"]).items()}
    {'mean': 75.0, 'median': 100.0}
    """
    names = list(models) if models is not None else available_models()
    options = options or {}
    return {name: forecast(problem, name, seed=seed, **options.get(name, {})) for name in names}


def forecast_issues(
    problems: Sequence[BargainingProblem],
    model: str = "bdm",
    *,
    seed: SeedLike = None,
    **options: Any,
) -> list[ForecastResult]:
    """Forecast many issues with one model; issue k gets child seed k of ``seed``."""
    seeds = spawn(seed, len(problems)) if seed is not None else [None] * len(problems)
    return [forecast(p, model, seed=s, **options) for p, s in zip(problems, seeds, strict=True)]
