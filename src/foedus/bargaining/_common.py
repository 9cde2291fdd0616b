"""Small helpers shared by the bargaining models (not public API).

They build the pieces every :class:`~foedus.bargaining.result.ForecastResult` has in
common (the tidy path, the provenance) and check model options, so that each model
module holds only its own mathematics.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np
import pandas as pd

from foedus.bargaining.problem import BargainingProblem
from foedus.bargaining.result import ForecastResult
from foedus.errors import InputError
from foedus.provenance import Provenance
from foedus.seeds import SeedLike, as_generator, seed_entropy


def where(problem: BargainingProblem) -> str:
    """Prefix for error messages: the problem's source and issue name."""
    src = f"{problem.source}: " if problem.source else ""
    return f"{src}issue {problem.name!r}: "


def check_choice(model: str, option: str, value: Any, allowed: Iterable[str]) -> str:
    """Return ``value`` if it is one of ``allowed``, else raise a clear InputError."""
    allowed = tuple(allowed)
    if value not in allowed:
        raise InputError(
            f"model {model!r}: option {option}={value!r} is not known",
            hint=f"use one of {', '.join(repr(a) for a in allowed)}",
        )
    return str(value)


def path_frame(
    problem: BargainingProblem, positions: np.ndarray, rounds: Iterable[int] | None = None
) -> pd.DataFrame:
    """Tidy ``round, actor, dimension, position`` table.

    ``positions`` has shape ``(n_rounds, n_actors, n_dims)``; round k is row k unless
    ``rounds`` says otherwise.
    """
    positions = np.asarray(positions, dtype=float)
    n_rounds, n, d = positions.shape
    round_ids = np.arange(n_rounds) if rounds is None else np.asarray(list(rounds))
    return pd.DataFrame(
        {
            "round": np.repeat(round_ids, n * d),
            "actor": np.tile(np.repeat(np.asarray(problem.actors, dtype=object), d), n_rounds),
            "dimension": np.tile(np.asarray(problem.dimensions, dtype=object), n_rounds * n),
            "position": positions.reshape(-1),
        }
    )


def provenance(
    model_id: str,
    citations: tuple[str, ...],
    parameters: Mapping[str, Any],
    seed: SeedLike,
    problem: BargainingProblem,
) -> Provenance:
    """Provenance of a deterministic bargaining model run on ``problem``."""
    params = dict(parameters)
    meta = problem.metadata or {}
    for key in ("salience_scale", "salience_scale_inferred", "scale_inferred", "dropped_actors"):
        if key in meta:
            params.setdefault(key, meta[key])
    return Provenance(
        models=(model_id,),
        citations=citations,
        parameters=params,
        seed=seed_entropy(seed) if seed is not None else None,
    )


def one_shot_result(
    problem: BargainingProblem,
    model: str,
    outcome: np.ndarray,
    prov: Provenance,
    extra_columns: Mapping[str, np.ndarray] | None = None,
    diagnostics: dict[str, Any] | None = None,
) -> ForecastResult:
    """Result of a model that maps the initial positions straight to an outcome."""
    outcome = np.asarray(outcome, dtype=float).reshape(problem.n_dims)
    rounds = pd.DataFrame({"round": 0, "dimension": list(problem.dimensions), "outcome": outcome})
    for name, values in (extra_columns or {}).items():
        rounds[name] = np.asarray(values)
    return ForecastResult(
        model=model,
        issue=problem.name,
        actors=problem.actors,
        dimensions=problem.dimensions,
        outcome=outcome,
        final_positions=np.array(problem.position, dtype=float),
        path=path_frame(problem, problem.position[None, :, :]),
        rounds=rounds,
        converged=True,
        n_iter=0,
        provenance=prov,
        diagnostics=diagnostics or {},
    )


def group_folds(groups: np.ndarray, k: int, seed: SeedLike) -> np.ndarray:
    """Cross-validation fold of every row: whole groups (e.g. proposals), shuffled, dealt round-robin.

    ``seed`` may be a Generator, whose stream is then advanced (nested folds draw from it).

    Examples
    --------
    >>> group_folds(np.array(["a", "a", "b", "c"]), 2, 0).tolist()
    [1, 1, 0, 0]
    """
    uniq = np.unique(groups)
    if k < 2 or k > uniq.size:
        raise InputError(f"need 2 <= folds <= number of groups ({uniq.size}), got {k}")
    order = as_generator(seed).permutation(uniq.size)
    fold_of = np.empty(uniq.size, dtype=int)
    fold_of[order] = np.arange(uniq.size) % k
    return fold_of[np.searchsorted(uniq, groups)]
